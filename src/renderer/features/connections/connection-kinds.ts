import type { ConnectionCheck, ConnectionChecks, ConnectionKind, Deployment } from '../../../shared/domain/types.ts';
import type { Status } from '../../components/StatusDot.tsx';

export const CONNECTION_KINDS: ConnectionKind[] = ['broker', 'management', 'zookeeper'];

export const KIND_LABELS: Record<ConnectionKind, string> = {
  broker: 'Broker',
  management: 'Management API',
  zookeeper: 'ZooKeeper',
};

type Connections = Pick<Deployment, 'broker' | 'zookeeper'>;

export function configuredKinds({ broker, zookeeper }: Connections): ConnectionKind[] {
  const kinds: ConnectionKind[] = [];
  if (broker) kinds.push('broker');
  if (broker?.managementUrl) kinds.push('management');
  if (zookeeper) kinds.push('zookeeper');
  return kinds;
}

/** Red if any configured connection failed its last check, green if all that were checked passed, grey if none was. */
export function overallStatus(deployment: Connections & { checks: ConnectionChecks }): Status {
  const checks = configuredKinds(deployment)
    .map((kind) => deployment.checks[kind])
    .filter((check): check is ConnectionCheck => check !== undefined);
  if (checks.length === 0) return 'untested';
  return checks.every((check) => check.ok) ? 'ok' : 'fail';
}

export const statusLabel = (status: Status, configured: boolean): string =>
  !configured
    ? 'No connections configured'
    : { ok: 'All checks OK', fail: 'A check failed', untested: 'Never tested' }[status];

/** The more recent of two checks of one connection: a test result versus what an event refetched. */
export function newerCheck(a: ConnectionCheck | undefined, b: ConnectionCheck | undefined): ConnectionCheck | undefined {
  if (!a || !b) return a ?? b;
  return Date.parse(a.checkedAt) >= Date.parse(b.checkedAt) ? a : b;
}
