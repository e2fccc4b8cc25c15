import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useApi } from '../../api/api-context.tsx';
import { createCoalescedRefetch } from '../celery/use-celery-live.ts';

/** Queries 'jobboards.changed' makes stale; the board at a past time never changes, so it is left alone. */
export const isLiveJobboardQuery = (key: readonly unknown[], deploymentId: number): boolean => {
  if (typeof key[0] !== 'string' || !key[0].startsWith('jobboards.')) return false;
  const input = key[1] as { deploymentId?: unknown; at?: unknown } | null;
  return typeof input === 'object' && input !== null && input.deploymentId === deploymentId && input.at === undefined;
};

/** Initial state by request; 'jobboards.changed' (a few a second at most) refetches what is shown. */
export function useJobboardsLive(deploymentId: number): void {
  const api = useApi();
  const client = useQueryClient();
  useEffect(() => {
    const refetcher = createCoalescedRefetch(client, (key) => isLiveJobboardQuery(key, deploymentId));
    const unsubscribe = api.on('jobboards.changed', (payload) => {
      if (payload.deploymentId === deploymentId) refetcher.trigger();
    });
    return () => {
      unsubscribe();
      refetcher.dispose();
    };
  }, [api, client, deploymentId]);
}
