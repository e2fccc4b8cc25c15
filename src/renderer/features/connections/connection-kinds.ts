import type { ConnectionCheck, ConnectionChecks, ConnectionKind } from '../../../shared/domain/types.ts';
import type { Status } from '../../components/StatusDot.tsx';

export const CONNECTION_KINDS: ConnectionKind[] = ['broker', 'management', 'zookeeper'];

export const KIND_LABELS: Record<ConnectionKind, string> = {
  broker: 'Broker',
  management: 'Management API',
  zookeeper: 'ZooKeeper',
};

/** A saved deployment or a form's draft: only which connections exist matters here. */
interface Connections {
  broker: { managementUrl: string | null } | null;
  zookeeper: object | null;
}

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

/** Per connection, whichever is newer: the answer of a test just run or what the deployment record says. */
export function latestChecks(tested: ConnectionChecks | undefined, stored: ConnectionChecks): ConnectionChecks {
  const checks: ConnectionChecks = {};
  for (const kind of CONNECTION_KINDS) {
    const check = newerCheck(tested?.[kind], stored[kind]);
    if (check) checks[kind] = check;
  }
  return checks;
}
