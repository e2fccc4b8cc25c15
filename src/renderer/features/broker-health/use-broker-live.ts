import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useApi } from '../../api/api-context.tsx';
import { createCoalescedRefetch } from '../celery/use-celery-live.ts';

const LIVE_CHANNELS = new Set(['broker.health', 'broker.history']);

const isLiveBrokerQuery = (key: readonly unknown[], deploymentId: number): boolean =>
  typeof key[0] === 'string' &&
  LIVE_CHANNELS.has(key[0]) &&
  typeof key[1] === 'object' &&
  key[1] !== null &&
  (key[1] as { deploymentId?: unknown }).deploymentId === deploymentId;

/** 'broker.changed' (once per poll, coalesced by the engine) refetches what is shown of the deployment's broker. */
export function useBrokerLive(deploymentId: number): void {
  const api = useApi();
  const client = useQueryClient();
  useEffect(() => {
    const refetcher = createCoalescedRefetch(client, (key) => isLiveBrokerQuery(key, deploymentId));
    const unsubscribe = api.on('broker.changed', (payload) => {
      if (payload.deploymentId === deploymentId) refetcher.trigger();
    });
    return () => {
      unsubscribe();
      refetcher.dispose();
    };
  }, [api, client, deploymentId]);
}
