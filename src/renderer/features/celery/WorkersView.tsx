import { Link, useLocation } from 'wouter';
import type { CeleryWorker } from '../../../shared/domain/celery.ts';
import { useRequest } from '../../api/use-request.ts';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { celeryPaths } from './celery-paths.ts';
import { formatAgeSeconds, formatCount, formatLoad, formatTimestamp } from './celery-format.ts';
import { WorkerStatusLabel } from './StatePill.tsx';
import { useSecondClock } from './use-second-clock.ts';

/** Online first, then by host name: an offline worker is history, kept in view but below. */
export function sortWorkers(workers: readonly CeleryWorker[]): CeleryWorker[] {
  return [...workers].sort((a, b) => {
    if (a.status !== b.status) return a.status === 'online' ? -1 : 1;
    return a.hostname.localeCompare(b.hostname);
  });
}

export function HeartbeatAge({ worker }: { worker: CeleryWorker }) {
  const now = useSecondClock();
  if (worker.lastHeartbeat === null) return <span className="muted">never</span>;
  const title = `${formatTimestamp(worker.lastHeartbeat)}${worker.freq ? ` · beats every ${worker.freq} s` : ''}`;
  return (
    <time dateTime={worker.lastHeartbeat} title={title} className="num" data-testid="heartbeat-age">
      {formatAgeSeconds(now - Date.parse(worker.lastHeartbeat))} ago
    </time>
  );
}

export function DriftBadge({ drift }: { drift: number | null }) {
  if (drift === null) return null;
  const seconds = Math.round(Math.abs(drift));
  return (
    <span
      className="badge badge-warn"
      title={`This worker's clock is ${seconds} s ${drift > 0 ? 'behind' : 'ahead of'} this console's. Event times and heartbeats from it are unreliable: check NTP on the host.`}
    >
      <span aria-hidden="true">⚠ </span>clock {seconds} s off
    </span>
  );
}

function WorkerRow({ worker, deploymentId }: { worker: CeleryWorker; deploymentId: number }) {
  const [, navigate] = useLocation();
  const href = celeryPaths(deploymentId).worker(worker.hostname);
  return (
    <tr
      className={worker.status === 'offline' ? 'row-link row-dim' : 'row-link'}
      data-testid="worker-row"
      data-hostname={worker.hostname}
      data-status={worker.status}
      onClick={() => navigate(href)}
    >
      <td>
        <WorkerStatusLabel status={worker.status} />
      </td>
      <td>
        <span className="cell-hostname">
          <Link href={href} className="mono" onClick={(event) => event.stopPropagation()}>
            {worker.hostname}
          </Link>
          <DriftBadge drift={worker.clockDrift} />
        </span>
      </td>
      <td>
        <HeartbeatAge worker={worker} />
      </td>
      <td className="num">{formatCount(worker.active)}</td>
      <td className="num">{formatCount(worker.processed)}</td>
      <td className="num mono">{formatLoad(worker.loadavg)}</td>
      <td className="cell-ellipsis" title={worker.software ?? undefined}>
        {worker.software ?? <span className="muted">—</span>}
      </td>
      <td className="num mono">{worker.pid ?? '—'}</td>
    </tr>
  );
}

export function WorkersView({ deploymentId }: { deploymentId: number }) {
  const workers = useRequest('celery.workers', { deploymentId });
  if (workers.error) {
    return (
      <div className="celery-view-error">
        <Alert title="Could not load the workers">{workers.error.message}</Alert>
        <Button onClick={() => void workers.refetch()}>Retry</Button>
      </div>
    );
  }
  if (!workers.data) return <Spinner label="Loading workers…" />;
  if (workers.data.length === 0) {
    return (
      <EmptyState title="No workers seen yet">
        Workers appear here with their first event (worker-online or a heartbeat) on this deployment&apos;s broker. If
        workers are running, check that they use this broker and virtual host.
      </EmptyState>
    );
  }
  return (
    <table className="table workers-table" aria-label="Workers">
      <thead>
        <tr>
          <th className="col-status">Status</th>
          <th>Hostname</th>
          <th className="col-heartbeat">Heartbeat</th>
          <th className="num col-count">Active</th>
          <th className="num col-count">Processed</th>
          <th className="num col-load" title="Load average over 1, 5 and 15 minutes">
            Load 1/5/15
          </th>
          <th className="col-software">Software</th>
          <th className="num col-pid">PID</th>
        </tr>
      </thead>
      <tbody>
        {sortWorkers(workers.data).map((worker) => (
          <WorkerRow key={worker.hostname} worker={worker} deploymentId={deploymentId} />
        ))}
      </tbody>
    </table>
  );
}
