import type { ReactNode } from 'react';
import type { CeleryWorker } from '../../../shared/domain/celery.ts';
import { useRequest } from '../../api/use-request.ts';
import { Alert } from '../../components/Alert.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { celeryPaths } from './celery-paths.ts';
import { formatCount, formatLoad, formatTimestamp } from './celery-format.ts';
import { ControlPanel } from './ControlPanel.tsx';
import { BackLink } from './BackLink.tsx';
import { CopyButton } from './CopyButton.tsx';
import { InspectPanel } from './InspectPanel.tsx';
import { WorkerStatusLabel } from './StatePill.tsx';
import { DriftBadge, HeartbeatAge } from './WorkersView.tsx';

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="details-row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function WorkerDetails({ worker }: { worker: CeleryWorker }) {
  return (
    <dl className="details details-columns" data-testid="worker-details">
      {worker.offlineSince && <Detail label="Offline since">{formatTimestamp(worker.offlineSince)}</Detail>}
      <Detail label="Heartbeat">
        <HeartbeatAge worker={worker} />
        {worker.freq !== null && <span className="muted"> · every {worker.freq} s</span>}
        {worker.freqIgnored !== null && (
          <span className="badge badge-warn" data-testid="freq-ignored-note" title="A heartbeat interval outside 0.1–3600 s is not believed: Celery's default 2 s is used to judge this worker online.">
            sent freq {worker.freqIgnored} s, using 2 s
          </span>
        )}
      </Detail>
      <Detail label="Active">{formatCount(worker.active)}</Detail>
      <Detail label="Processed">{formatCount(worker.processed)}</Detail>
      <Detail label="Load 1/5/15">
        <span className="mono">{formatLoad(worker.loadavg)}</span>
      </Detail>
      <Detail label="Software">{worker.software ?? '—'}</Detail>
      <Detail label="PID">
        <span className="mono">{worker.pid ?? '—'}</span>
      </Detail>
      <Detail label="First seen">{formatTimestamp(worker.firstSeen)}</Detail>
      <Detail label="Clock">{worker.clockDrift === null ? 'in step with this console' : <DriftBadge drift={worker.clockDrift} />}</Detail>
    </dl>
  );
}

export function WorkerPage({ deploymentId, hostname, readOnly }: { deploymentId: number; hostname: string; readOnly: boolean }) {
  const workers = useRequest('celery.workers', { deploymentId });
  const paths = celeryPaths(deploymentId);
  const worker = workers.data?.find((entry) => entry.hostname === hostname);
  return (
    <div className="celery-detail-page" data-testid="worker-page" data-hostname={hostname} data-status={worker?.status}>
      <div className="detail-head">
        <BackLink href={paths.workers} label="Workers" />
        <h2 className="detail-title">
          {worker && <WorkerStatusLabel status={worker.status} />}
          <span className="mono">{hostname}</span>
          <CopyButton value={hostname} label="Copy host name" />
        </h2>
      </div>
      {workers.error && <Alert title="Could not load the workers">{workers.error.message}</Alert>}
      {!workers.data && !workers.error && <Spinner label="Loading the worker…" />}
      {workers.data && !worker && (
        <EmptyState title="This worker is not in the list">
          No worker named <span className="mono">{hostname}</span> has been seen on this deployment, or it went offline and was hidden
          (see &quot;Hide offline workers after&quot; in the deployment&apos;s settings). Commands below still go to it by name.
        </EmptyState>
      )}
      {worker && <WorkerDetails worker={worker} />}
      <div className="worker-panels">
        <InspectPanel deploymentId={deploymentId} hostname={hostname} />
        <ControlPanel deploymentId={deploymentId} hostname={hostname} readOnly={readOnly} />
      </div>
    </div>
  );
}
