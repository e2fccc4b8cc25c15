import type { Query, QueryClient } from '@tanstack/react-query';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useApi } from '../../api/api-context.tsx';

/** The queries 'celery.changed' makes stale. Older task pages are not queries: they never change place. */
const LIVE_CHANNELS = new Set(['celery.overview', 'celery.workers', 'celery.tasks', 'celery.task', 'celery.rejected']);

export const isLiveCeleryQuery = (key: readonly unknown[], deploymentId: number): boolean =>
  typeof key[0] === 'string' &&
  LIVE_CHANNELS.has(key[0]) &&
  typeof key[1] === 'object' &&
  key[1] !== null &&
  (key[1] as { deploymentId?: unknown }).deploymentId === deploymentId;

/**
 * Refetches the matching queries, at most one request in flight per query: a query already
 * fetching is not cancelled and restarted (that is how a busy deployment turns into a refetch
 * storm) but marked dirty and refetched once, when the request in flight has settled.
 */
export function createCoalescedRefetch(client: QueryClient, matches: (key: readonly unknown[]) => boolean) {
  const dirty = new Set<string>();
  const refetch = (query: Query) => client.invalidateQueries({ queryKey: query.queryKey, exact: true }, { cancelRefetch: false });
  const unsubscribe = client.getQueryCache().subscribe((event) => {
    if (event.type !== 'updated' || !dirty.has(event.query.queryHash) || event.query.state.fetchStatus !== 'idle') return;
    dirty.delete(event.query.queryHash);
    void refetch(event.query);
  });
  return {
    trigger() {
      for (const query of client.getQueryCache().findAll({ predicate: (q) => matches(q.queryKey) })) {
        if (query.state.fetchStatus === 'fetching') dirty.add(query.queryHash);
        else void refetch(query);
      }
    },
    dispose() {
      unsubscribe();
      dirty.clear();
    },
  };
}

/**
 * Initial state came by request; 'celery.changed' (coalesced by the engine to a couple a second)
 * says the deployment's Celery data moved: refetch what is shown of it.
 */
export function useCeleryLive(deploymentId: number, enabled = true): void {
  const api = useApi();
  const client = useQueryClient();
  useEffect(() => {
    if (!enabled) return;
    const refetcher = createCoalescedRefetch(client, (key) => isLiveCeleryQuery(key, deploymentId));
    const unsubscribe = api.on('celery.changed', (payload) => {
      if (payload.deploymentId === deploymentId) refetcher.trigger();
    });
    return () => {
      unsubscribe();
      refetcher.dispose();
    };
  }, [api, client, deploymentId, enabled]);
}
