import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useApi } from '../../api/api-context.tsx';
import { requestKey } from '../../api/query-keys.ts';
import { useRequest } from '../../api/use-request.ts';

/**
 * The data directory's state, on every page, across the whole width: a full disk stops all
 * storing (and acking) for every deployment at once, so it is no one consumer's detail. The
 * engine pushes 'store.changed' when the disk fills, nears full or has room again.
 */
export function StoreBanner() {
  const api = useApi();
  const client = useQueryClient();
  const health = useRequest('store.health', undefined);
  useEffect(() => api.on('store.changed', (next) => client.setQueryData(requestKey('store.health', undefined), next)), [api, client]);
  const view = health.data;
  if (!view || view.state === 'ok' || !view.message) return null;
  return (
    <div className={`store-banner store-banner-${view.state}`} role="alert" data-testid="store-banner" data-store-state={view.state}>
      <strong>{view.state === 'full' ? 'Disk full' : 'Disk nearly full'}</strong>
      <span>{view.message.replace(/^Disk (full|nearly full): /, '')}</span>
    </div>
  );
}
