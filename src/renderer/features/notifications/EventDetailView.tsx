import { Link } from 'wouter';
import { useRequest } from '../../api/use-request.ts';
import { Alert } from '../../components/Alert.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { ClockSkewNote } from '../../components/ValueNotes.tsx';
import { formatWhen } from './EventsTable.tsx';
import { notificationPaths } from './notification-paths.ts';

/** One notification: the extracted fields, and the whole raw message as oslo sent it. */
export function EventDetailView({ deploymentId, id }: { deploymentId: number; id: number }) {
  const event = useRequest('notifications.event', { id });
  const paths = notificationPaths(deploymentId);
  if (event.error) return <Alert title={`Could not load event ${id}`}>{event.error.message}</Alert>;
  if (!event.data) return <Spinner label="Loading the event…" />;
  const e = event.data;
  const fields: [string, React.ReactNode][] = [
    [
      'When (UTC)',
      <>
        {formatWhen(e.when)} <ClockSkewNote sent={e.clockSkewSent} />
      </>,
    ],
    ['Received', e.receivedAt],
    ['Message id', e.messageId],
    ['Priority', e.priority],
    ['Publisher', e.publisher],
    ['Service / host', `${e.service ?? '—'} / ${e.host ?? '—'}`],
    ['Instance', e.instance ? <Link href={paths.instance(e.instance)}>{e.instance}</Link> : null],
    ['Request id', e.requestId ? <Link href={paths.events(`request_id=${encodeURIComponent(e.requestId)}`)}>{e.requestId}</Link> : null],
    ['Tenant', e.tenant],
    ['State', e.state === null ? null : `${e.oldState ?? '—'} → ${e.state}`],
    ['Task state', e.taskState === null && e.oldTaskState === null ? null : `${e.oldTaskState ?? '—'} → ${e.taskState ?? 'none'}`],
    ['Exchange / routing key / queue', `${e.exchange} / ${e.routingKey} / ${e.queue}`],
    ['Format', e.format === 'v2' ? 'oslo.messaging v2 envelope (messagingv2)' : 'v1, plain JSON (messaging)'],
  ];
  return (
    <div className="event-detail" data-testid="event-detail">
      <p>
        <Link href={paths.events()}>← Events</Link>
      </p>
      <h2 className={e.isError ? 'mono event-title-error' : 'mono'}>
        {e.isError && <span aria-hidden="true">✕ </span>}
        {e.eventType}
      </h2>
      <dl className="detail-grid">
        {fields.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd className="mono">{value ?? <span className="muted">—</span>}</dd>
          </div>
        ))}
      </dl>
      <h3>Raw notification</h3>
      {e.raw === null ? (
        <p className="muted">The raw message was removed by retention; its fields above were kept.</p>
      ) : (
        <pre className="json-block" data-testid="event-json">
          {JSON.stringify(e.raw, null, 2)}
        </pre>
      )}
    </div>
  );
}
