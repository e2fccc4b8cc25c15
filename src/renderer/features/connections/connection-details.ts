import type { ConnectionKind, Deployment } from '../../../shared/domain/types.ts';
import { parseUrl } from './connection-url.ts';

export interface DetailRow {
  label: string;
  value: string;
  mono?: boolean;
  warning?: boolean;
}

/** What a connection card lists; null when the connection is not configured. */
export function connectionDetails(kind: ConnectionKind, { broker, zookeeper }: Pick<Deployment, 'broker' | 'zookeeper'>): DetailRow[] | null {
  if (kind === 'broker') {
    if (!broker) return null;
    const parts = parseUrl(broker.url);
    const tls = parts?.scheme === 'amqps';
    return [
      { label: 'URL', value: broker.url, mono: true },
      { label: 'Virtual host', value: parts?.vhost ?? '—', mono: true },
      { label: 'User', value: parts?.user || 'guest (default)', mono: true },
      { label: 'Password', value: broker.hasPassword ? 'Stored' : 'None' },
      {
        label: 'TLS',
        value: !tls ? 'Off' : broker.tls.verify ? 'On, certificate verified' : 'On, certificate NOT verified',
        warning: tls && !broker.tls.verify,
      },
      ...(tls ? [{ label: 'CA file', value: broker.tls.caPath || 'System CAs', mono: Boolean(broker.tls.caPath) }] : []),
    ];
  }
  if (kind === 'management') {
    if (!broker?.managementUrl) return null;
    return [
      { label: 'URL', value: broker.managementUrl, mono: true },
      { label: 'Credentials', value: broker.hasManagementPassword ? 'Own, from the URL' : 'Same as the broker' },
    ];
  }
  if (!zookeeper) return null;
  const slash = zookeeper.hosts.indexOf('/');
  return [
    { label: 'Hosts', value: slash < 0 ? zookeeper.hosts : zookeeper.hosts.slice(0, slash), mono: true },
    { label: 'Chroot', value: slash < 0 ? '/' : zookeeper.hosts.slice(slash), mono: true },
  ];
}
