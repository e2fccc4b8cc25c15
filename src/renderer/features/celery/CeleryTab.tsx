import { lazy, Suspense } from 'react';
import { Link } from 'wouter';
import type { Deployment } from '../../../shared/domain/types.ts';
import { useMutationRequest } from '../../api/use-mutation-request.ts';
import { useRequest } from '../../api/use-request.ts';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { celeryPaths, parseCeleryView } from './celery-paths.ts';
import type { CeleryView } from './celery-paths.ts';
import { CeleryHeader } from './CeleryHeader.tsx';
import { RejectedView } from './RejectedView.tsx';
import { SnapshotsView } from './SnapshotsView.tsx';
import { TaskPage } from './TaskPage.tsx';
import { TasksView } from './TasksView.tsx';
import { useCeleryLive } from './use-celery-live.ts';
import { WorkerPage } from './WorkerPage.tsx';
import { WorkersView } from './WorkersView.tsx';

// The charting library is most of the console's script: load it only when charts are opened.
const ChartsView = lazy(() => import('./ChartsView.tsx').then((module) => ({ default: module.ChartsView })));

function MonitoringOff({ deployment }: { deployment: Deployment }) {
  const update = useMutationRequest('deployments.update');
  return (
    <EmptyState
      title="Celery monitoring is off for this deployment"
      action={
        <Button variant="primary" busy={update.isPending} onClick={() => update.mutate({ id: deployment.id, celery: { enabled: true } })}>
          Turn on Celery monitoring
        </Button>
      }
    >
      <p>
        With monitoring on, Tach consumes the Celery event stream (the <span className="mono">celeryev</span> exchange) of this
        deployment&apos;s broker: workers and their heartbeats, every task&apos;s transitions, and remote control (inspect, pool size,
        queues, revoke, shutdown).
      </p>
      <p>It declares one queue of its own on the broker, bounded so it can never fill it (at most 1,000,000 events, removed 15 minutes after Tach stops reading it). Read-only mode and the rest are in Edit deployment → Celery.</p>
      {update.error && <Alert title="Monitoring was not turned on">{update.error.message}</Alert>}
    </EmptyState>
  );
}

function SubNav({ deploymentId, view, workers, rejected }: { deploymentId: number; view: CeleryView; workers?: number; rejected?: number }) {
  const paths = celeryPaths(deploymentId);
  const items = [
    { id: 'workers', label: 'Workers', href: paths.workers, count: workers, active: view.kind === 'workers' || view.kind === 'worker' },
    { id: 'tasks', label: 'Tasks', href: paths.tasks(), count: undefined, active: view.kind === 'tasks' || view.kind === 'task' },
    { id: 'charts', label: 'Charts', href: paths.charts(), count: undefined, active: view.kind === 'charts' },
    { id: 'snapshots', label: 'Snapshots', href: paths.snapshots, count: undefined, active: view.kind === 'snapshots' },
    { id: 'rejected', label: 'Rejected events', href: paths.rejected, count: rejected, active: view.kind === 'rejected' },
  ];
  return (
    <nav className="subnav" aria-label="Celery views">
      {items.map((item) => (
        <Link
          key={item.id}
          href={item.href}
          className={item.active ? 'subnav-item subnav-active' : 'subnav-item'}
          aria-current={item.active ? 'page' : undefined}
          data-testid={`celery-nav-${item.id}`}
        >
          {item.label}
          {item.count !== undefined && <span className="count">{item.count}</span>}
        </Link>
      ))}
    </nav>
  );
}

function CeleryMonitor({ deployment, view }: { deployment: Deployment; view: CeleryView }) {
  const deploymentId = deployment.id;
  useCeleryLive(deploymentId);
  const overview = useRequest('celery.overview', { deploymentId });
  const readOnly = deployment.settings.celery.readOnly;
  return (
    <div className="celery-tab" data-testid="celery-tab">
      {overview.error ? (
        <Alert title="Could not load the Celery status">{overview.error.message}</Alert>
      ) : overview.data ? (
        <CeleryHeader deploymentId={deploymentId} overview={overview.data} />
      ) : (
        <Spinner label="Loading the Celery status…" />
      )}
      <SubNav
        deploymentId={deploymentId}
        view={view}
        workers={overview.data ? overview.data.workers.online + overview.data.workers.offline : undefined}
        rejected={overview.data?.consumer.rejectedTotal}
      />
      {readOnly && (view.kind === 'workers' || view.kind === 'tasks') && (
        <p className="read-only-note" data-testid="read-only-note">
          <span aria-hidden="true">🔒 </span>Read-only: inspection works, control commands are refused.
        </p>
      )}
      {view.kind === 'workers' && <WorkersView deploymentId={deploymentId} />}
      {view.kind === 'worker' && <WorkerPage key={view.hostname} deploymentId={deploymentId} hostname={view.hostname} readOnly={readOnly} />}
      {view.kind === 'tasks' && <TasksView deploymentId={deploymentId} />}
      {view.kind === 'task' && <TaskPage key={view.uuid} deploymentId={deploymentId} uuid={view.uuid} readOnly={readOnly} />}
      {view.kind === 'rejected' && <RejectedView deploymentId={deploymentId} />}
      {view.kind === 'charts' && (
        <Suspense fallback={<Spinner label="Loading the charts…" />}>
          <ChartsView deploymentId={deploymentId} />
        </Suspense>
      )}
      {view.kind === 'snapshots' && <SnapshotsView deployment={deployment} />}
      {view.kind === 'unknown' && (
        <EmptyState title="Nothing here" action={<Link href={celeryPaths(deploymentId).workers}>Go to the workers</Link>}>
          This Celery address does not exist.
        </EmptyState>
      )}
    </div>
  );
}

/** The Celery tab: why there is nothing to show (no broker, monitoring off), or the monitor itself. */
export function CeleryTab({ deployment, rest, onEditDeployment }: { deployment: Deployment; rest: string | undefined; onEditDeployment: () => void }) {
  if (!deployment.broker) {
    return (
      <EmptyState title="Add a broker first" action={<Button onClick={onEditDeployment}>Edit deployment</Button>}>
        Celery monitoring reads the events and talks to the workers through the deployment&apos;s RabbitMQ broker. This deployment
        has none yet: add its AMQP URL, then turn monitoring on.
      </EmptyState>
    );
  }
  if (!deployment.settings.celery.enabled) return <MonitoringOff deployment={deployment} />;
  return <CeleryMonitor deployment={deployment} view={parseCeleryView(rest)} />;
}
