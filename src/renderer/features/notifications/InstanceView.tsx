import { Link } from 'wouter';
import { useRequest } from '../../api/use-request.ts';
import { Alert } from '../../components/Alert.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { formatWhen } from './EventsTable.tsx';
import { notificationPaths } from './notification-paths.ts';
import { TimingTable } from './TimingRows.tsx';

/** An instance's lifecycle (stacky uuid): its current state and task state, every event in order, its timings. */
export function InstanceView({ deploymentId, uuid }: { deploymentId: number; uuid: string }) {
  const lifecycle = useRequest('notifications.instance', { deploymentId, uuid });
  const paths = notificationPaths(deploymentId);
  if (lifecycle.error) return <Alert title={`Instance ${uuid}`}>{lifecycle.error.message}</Alert>;
  if (!lifecycle.data) return <Spinner label="Loading the lifecycle…" />;
  const l = lifecycle.data;
  return (
    <div className="instance-view" data-testid="instance-view">
      <p>
        <Link href={paths.events(`instance=${encodeURIComponent(uuid)}`)}>← Events of this instance</Link>
      </p>
      <h2 className="mono">{uuid}</h2>
      <dl className="detail-grid">
        <div>
          <dt>State</dt>
          <dd data-testid="instance-state">{l.state ?? <span className="muted">unknown</span>}</dd>
        </div>
        <div>
          <dt>Task state</dt>
          <dd data-testid="instance-task">{l.taskState ?? <span className="muted">none</span>}</dd>
        </div>
        <div>
          <dt>Last event</dt>
          <dd className="mono">{l.lastEventType ? `${l.lastEventType} at ${formatWhen(l.lastEventAt ?? '')}` : '—'}</dd>
        </div>
      </dl>
      <h3>Events, oldest first</h3>
      <table className="table" aria-label="Lifecycle events">
        <thead>
          <tr>
            <th>When (UTC)</th>
            <th>Event type</th>
            <th>Priority</th>
            <th>Publisher</th>
            <th>Request</th>
          </tr>
        </thead>
        <tbody>
          {l.events.map((e) => (
            <tr key={e.id} className={e.isError ? 'row-error' : undefined} data-error={e.isError ? 'true' : undefined}>
              <td className="mono">{formatWhen(e.when)}</td>
              <td className="mono">
                <Link href={paths.event(e.id)}>
                  {e.isError && <span aria-hidden="true">✕ </span>}
                  {e.eventType}
                </Link>
              </td>
              <td className="mono">{e.priority}</td>
              <td className="mono">{e.publisher}</td>
              <td className="mono">{e.requestId}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Timings</h3>
      {l.timings.length === 0 ? <p className="muted">No .start/.end pair for this instance.</p> : <TimingTable deploymentId={deploymentId} timings={l.timings} showInstance={false} />}
    </div>
  );
}
