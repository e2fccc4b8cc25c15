import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useApi } from '../../api/api-context.tsx';
import { createCoalescedRefetch } from '../celery/use-celery-live.ts';

/** What 'notifications.changed' makes stale; an event's detail never changes. */
const LIVE = new Set(['notifications.overview', 'notifications.events', 'notifications.instance', 'notifications.timings', 'notifications.timingSummary', 'notifications.kpi', 'notifications.rejected']);

export const isLiveNotificationQuery = (key: readonly unknown[], deploymentId: number): boolean =>
  typeof key[0] === 'string' && LIVE.has(key[0]) && typeof key[1] === 'object' && key[1] !== null && (key[1] as { deploymentId?: unknown }).deploymentId === deploymentId;

/**
 * Initial state came by request; 'notifications.changed' (a couple a second at most) refetches
 * what is shown. Subscribed even while notifications are off: turning them on starts the consumer
 * at once, and its first changes must not be missed while the deployment is refetched.
 */
export function useNotificationsLive(deploymentId: number): void {
  const api = useApi();
  const client = useQueryClient();
  useEffect(() => {
    const refetcher = createCoalescedRefetch(client, (key) => isLiveNotificationQuery(key, deploymentId));
    const unsubscribers = [
      api.on('notifications.changed', (payload) => {
        if (payload.deploymentId === deploymentId) refetcher.trigger();
      }),
      api.on('entities.changed', (payload) => {
        if (payload.kind === 'deployment' && payload.id === deploymentId) refetcher.trigger();
      }),
    ];
    return () => {
      for (const unsubscribe of unsubscribers) unsubscribe();
      refetcher.dispose();
    };
  }, [api, client, deploymentId]);
}
