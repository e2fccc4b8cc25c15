import { Link } from 'wouter';
import type { Deployment } from '../../../shared/domain/types.ts';
import { useRequest } from '../../api/use-request.ts';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { BoardsOverview } from './BoardsOverview.tsx';
import { BoardView } from './BoardView.tsx';
import { JobPage } from './JobPage.tsx';
import { jobboardPaths, parseJobboardView } from './jobboard-paths.ts';
import { SessionPill } from './Pills.tsx';
import { useJobboardsLive } from './use-jobboards-live.ts';

/** The Job boards tab: TaskFlow boards in the deployment's ZooKeeper, live, with their history. */
export function JobboardsTab({ deployment, rest, onEditDeployment }: { deployment: Deployment; rest: string | undefined; onEditDeployment: () => void }) {
  const deploymentId = deployment.id;
  useJobboardsLive(deploymentId);
  const overview = useRequest('jobboards.overview', { deploymentId });
  const view = parseJobboardView(rest);
  if (!deployment.zookeeper) {
    return (
      <EmptyState title="Add a ZooKeeper ensemble first" action={<Button onClick={onEditDeployment}>Edit deployment</Button>}>
        TaskFlow&apos;s ZooKeeper job boards live in the deployment&apos;s ensemble. Add its hosts, and the boards to watch (or a root
        such as /taskflow to discover them under).
      </EmptyState>
    );
  }
  if (overview.error) return <Alert title="Could not load the job boards">{overview.error.message}</Alert>;
  if (!overview.data) return <Spinner label="Loading the job boards…" />;
  const { session, off } = overview.data;
  return (
    <div className="jobboards-tab" data-testid="jobboards-tab">
      <header className="jobboards-header">
        <SessionPill status={session.status} />
        <span className={session.status === 'connected' ? 'muted' : session.status === 'failing' ? 'text-fail' : 'text-warn'} data-testid="zk-detail">
          {off ?? session.detail}
        </span>
        <span className="muted small">
          {deployment.settings.jobboards.discover ? `Discovering under ${deployment.settings.jobboards.discover}` : 'Discovery off'} · {deployment.settings.jobboards.allowActions ? 'operator actions on' : 'read-only'}
        </span>
      </header>
      {session.status !== 'connected' && session.status !== 'stopped' && (
        <p className="read-only-note">What is shown is what Tach last read; it may be out of date until the session is back.</p>
      )}
      {view.kind === 'overview' && <BoardsOverview deploymentId={deploymentId} overview={overview.data} waitingAlertSeconds={deployment.settings.jobboards.waitingAlertSeconds} />}
      {view.kind === 'board' && <BoardView key={view.path} deploymentId={deploymentId} path={view.path} />}
      {view.kind === 'job' && <JobPage key={`${view.path}/${view.node}`} deploymentId={deploymentId} path={view.path} node={view.node} allowActions={deployment.settings.jobboards.allowActions} />}
      {view.kind === 'unknown' && (
        <EmptyState title="Nothing here" action={<Link href={jobboardPaths(deploymentId).overview}>Go to the job boards</Link>}>
          This job boards address does not exist.
        </EmptyState>
      )}
    </div>
  );
}
