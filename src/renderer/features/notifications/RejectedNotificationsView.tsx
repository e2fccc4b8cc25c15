import { useRequest } from '../../api/use-request.ts';
import { Alert } from '../../components/Alert.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { formatBytes, formatTimestamp } from '../celery/celery-format.ts';

/** Messages on the notification queues that were not notifications Tach could read, and why. */
export function RejectedNotificationsView({ deploymentId }: { deploymentId: number }) {
  const rejected = useRequest('notifications.rejected', { deploymentId, limit: 500 });
  if (rejected.error) return <Alert title="Could not load the rejected messages">{rejected.error.message}</Alert>;
  if (!rejected.data) return <Spinner label="Loading rejected messages…" />;
  if (rejected.data.length === 0) {
    return <EmptyState title="No rejected message">Every message on these queues so far was a notification Tach could read.</EmptyState>;
  }
  return (
    <div data-testid="rejected-notifications">
      <p className="muted">Acknowledged and kept here with the reason (the first 64 kB of each body); the consumer went on.</p>
      <table className="table" aria-label="Rejected messages">
        <thead>
          <tr>
            <th>Received</th>
            <th>Queue / routing key</th>
            <th>Reason</th>
            <th className="num">Size</th>
            <th>Start of the body</th>
          </tr>
        </thead>
        <tbody>
          {rejected.data.map((r) => (
            <tr key={r.id}>
              <td className="mono">{formatTimestamp(r.receivedAt)}</td>
              <td className="mono">
                {r.queue} / {r.routingKey}
              </td>
              <td className="rejected-reason">{r.reason}</td>
              <td className="num">{formatBytes(r.size)}</td>
              <td className="mono cell-ellipsis rejected-preview" title={r.preview.slice(0, 500)}>
                {r.preview.slice(0, 120)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
