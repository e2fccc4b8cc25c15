import { useRequest } from '../../api/use-request.ts';
import { StatusDot } from '../../components/StatusDot.tsx';
import type { Status } from '../../components/StatusDot.tsx';
import { overallStatus } from '../connections/connection-kinds.ts';

const ORDER: Array<{ status: Status; word: string }> = [
  { status: 'fail', word: 'failing' },
  { status: 'ok', word: 'OK' },
  { status: 'untested', word: 'not tested' },
];

/** How a tenant's deployments fared at their last checks: counts per status, failing first. */
export function TenantHealth({ tenantId }: { tenantId: number }) {
  const deployments = useRequest('deployments.list', { tenantId });
  if (!deployments.data) return <span className="muted">…</span>;
  if (deployments.data.length === 0) return <span className="muted">—</span>;
  const counts = new Map<Status, number>();
  for (const deployment of deployments.data) {
    const status = overallStatus(deployment);
    counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  return (
    <span className="health" data-testid={`tenant-health-${tenantId}`}>
      {ORDER.filter(({ status }) => counts.has(status)).map(({ status, word }) => (
        <span key={status} className={`health-item health-${status}`} data-status={status}>
          <StatusDot status={status} label={word} />
          {counts.get(status)} {word}
        </span>
      ))}
    </span>
  );
}
