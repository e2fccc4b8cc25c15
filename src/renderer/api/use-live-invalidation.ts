import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { Deployment } from '../../shared/domain/types.ts';
import { useApi } from './api-context.tsx';
import { hasConnectionMonitor } from './connection-state.ts';
import { invalidateEntities, requestKey } from './query-keys.ts';

/** Initial state came by request; from here on events say what to refetch (habit 8). */
export function useLiveInvalidation(): void {
  const api = useApi();
  const client = useQueryClient();

  useEffect(() => {
    const unsubscribers = [
      api.on('entities.changed', () => {
        void invalidateEntities(client);
      }),
      api.on('deployment.checked', ({ deploymentId, checks }) => {
        client.setQueryData<Deployment>(requestKey('deployments.get', { id: deploymentId }), (old) =>
          old ? { ...old, checks: { ...old.checks, ...checks } } : old,
        );
        void client.invalidateQueries({ queryKey: ['deployments.list'] });
      }),
    ];
    if (hasConnectionMonitor(api)) {
      let previous = api.connectionState();
      unsubscribers.push(
        api.onConnectionChange((state) => {
          // Events sent while the socket was down are lost: refetch everything once it is back.
          if (state === 'open' && previous === 'reconnecting') void client.invalidateQueries();
          previous = state;
        }),
      );
    }
    return () => {
      for (const unsubscribe of unsubscribers) unsubscribe();
    };
  }, [api, client]);
}
