import { Link } from 'wouter';
import type { NotificationsOverview, QueueConsumer } from '../../../shared/domain/notifications.ts';
import { TimeAgo } from '../../components/TimeAgo.tsx';
import { formatCount } from '../celery/celery-format.ts';
import { ConsumerPill } from '../celery/StatePill.tsx';
import { notificationPaths } from './notification-paths.ts';

function Durability({ queue }: { queue: QueueConsumer }) {
  if (queue.durable === null) return <span className="muted">durability unknown</span>;
  return queue.durable ? (
    <span className="queue-durable">durable</span>
  ) : (
    <span className="queue-transient" title="The broker keeps a transient queue's messages in memory only.">
      <span aria-hidden="true">⚠ </span>transient
    </span>
  );
}

/** Each queue: consuming or why not, found or created, durable or not (with what that means). */
export function QueueList({ queues }: { queues: QueueConsumer[] }) {
  const transient = queues.some((q) => q.durable === false);
  return (
    <div className="queue-list" data-testid="queue-list">
      <ul>
        {queues.map((queue) => (
          <li key={queue.queue} data-testid="queue" data-queue={queue.queue} data-durable={String(queue.durable)}>
            <span className={`queue-state queue-state-${queue.state}`}>{queue.state === 'ready' ? '● consuming' : queue.state === 'failed' ? '✕ failing' : '◌ waiting'}</span>
            <span className="mono">{queue.queue}</span>
            <span className="muted">
              ← {queue.exchanges.join(', ')} · {queue.origin === 'adopted' ? 'found on the broker, used as it is' : queue.origin === 'created' ? 'created by Tach with the producer’s flags' : 'not set up yet'}
            </span>
            <Durability queue={queue} />
            {queue.state === 'failed' && <span className="queue-detail">{queue.detail}</span>}
          </li>
        ))}
      </ul>
      {transient && (
        <p className="transient-warning" role="note" data-testid="transient-warning">
          <span aria-hidden="true">⚠ </span>A transient queue loses its messages if the broker restarts: notifications sent while Tach is not reading are gone after a
          restart. Make the cloud’s queues durable with <span className="mono">amqp_durable_queues = true</span> to keep them.
        </p>
      )}
    </div>
  );
}

/** The line an operator reads first: is Tach getting the notifications, and if not why; then the totals. */
export function HealthLine({ deploymentId, overview }: { deploymentId: number; overview: NotificationsOverview }) {
  const paths = notificationPaths(deploymentId);
  return (
    <section className="celery-header" aria-label="Notification consumer" data-testid="notifications-health">
      <div className="consumer-line">
        <ConsumerPill state={overview.health} />
        <span className="consumer-detail" data-testid="health-detail" title={overview.detail}>
          {overview.detail}
        </span>
        <span className="consumer-stats">
          <span>
            <strong className="num">{overview.rate.toFixed(1)}</strong> notifications/s
          </span>
          <span>
            last message {overview.lastMessageAt ? <TimeAgo iso={overview.lastMessageAt} /> : <span className="muted">none yet</span>}
          </span>
          <span>{formatCount(overview.storedTotal)} stored</span>
          {overview.indexingTotal > 0 && (
            <span
              className="indexing-note"
              data-testid="indexing"
              title="Committed and acknowledged to the broker. Tach drains a backlog first and writes these events into the views, timings, lifecycles and KPIs right after."
            >
              {formatCount(overview.indexingTotal)} being indexed
            </span>
          )}
          <Link href={paths.events('errors=1')} className={overview.errorsTotal > 0 ? 'rejected-link errors-link-some' : 'rejected-link'} data-testid="errors-link">
            {overview.errorsTotal > 0 && <span aria-hidden="true">✕ </span>}
            {formatCount(overview.errorsTotal)} {overview.errorsTotal === 1 ? 'error' : 'errors'}
          </Link>
          <Link href={paths.rejected} className={overview.rejectedTotal > 0 ? 'rejected-link rejected-link-some' : 'rejected-link'} data-testid="rejected-link">
            {overview.rejectedTotal > 0 && <span aria-hidden="true">⚠ </span>}
            {formatCount(overview.rejectedTotal)} rejected
          </Link>
        </span>
      </div>
      {overview.queues.length > 0 && <QueueList queues={overview.queues} />}
    </section>
  );
}
