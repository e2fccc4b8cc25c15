import { Link } from 'wouter';
import { TASK_STATES } from '../../../shared/domain/celery.ts';
import type { CeleryOverview } from '../../../shared/domain/celery.ts';
import { TimeAgo } from '../../components/TimeAgo.tsx';
import { celeryPaths } from './celery-paths.ts';
import { formatCount, formatTimestamp } from './celery-format.ts';
import { ConsumerPill, TaskStatePill } from './StatePill.tsx';

/** The line an operator reads first (is Tach getting the events, and if not why), then the counts. */
export function CeleryHeader({ deploymentId, overview }: { deploymentId: number; overview: CeleryOverview }) {
  const paths = celeryPaths(deploymentId);
  const { consumer, workers, tasksByState } = overview;
  const states = TASK_STATES.filter((state) => (tasksByState[state] ?? 0) > 0);
  return (
    <section className="celery-header" aria-label="Celery status" data-testid="celery-header">
      <div className="consumer-line">
        <span title={`${consumer.state} since ${formatTimestamp(consumer.since)}`}>
          <ConsumerPill state={consumer.state} />
        </span>
        <span className="consumer-detail" data-testid="consumer-detail">
          {consumer.detail}
        </span>
        <span className="consumer-stats">
          <span title={`${formatCount(consumer.eventsTotal)} events since the consumer started`}>
            <strong className="num">{consumer.rate.toFixed(1)}</strong> events/s
          </span>
          <span>
            last event {consumer.lastEventAt ? <TimeAgo iso={consumer.lastEventAt} /> : <span className="muted">none yet</span>}
          </span>
          <Link href={paths.rejected} className={consumer.rejectedTotal > 0 ? 'rejected-link rejected-link-some' : 'rejected-link'} data-testid="rejected-link">
            {consumer.rejectedTotal > 0 && <span aria-hidden="true">⚠ </span>}
            {formatCount(consumer.rejectedTotal)} rejected
          </Link>
        </span>
      </div>
      <div className="celery-counts">
        <span className="counts-group" aria-label="Workers">
          <span className="counts-label">Workers</span>
          <Link href={paths.workers} className="count-link" data-testid="workers-online">
            <span className={workers.online > 0 ? 'worker-status worker-status-online' : 'worker-status worker-status-offline'}>
              <span aria-hidden="true">●</span> {workers.online} online
            </span>
          </Link>
          <Link href={paths.workers} className="count-link" data-testid="workers-offline">
            <span className="worker-status worker-status-offline">
              <span aria-hidden="true">○</span> {workers.offline} offline
            </span>
          </Link>
        </span>
        <span className="counts-group" aria-label="Tasks by state">
          <span className="counts-label">Tasks</span>
          {states.length === 0 && <span className="muted">none seen yet</span>}
          {states.map((state) => (
            <Link
              key={state}
              href={paths.tasks(new URLSearchParams({ state }).toString())}
              className="count-link"
              title={`Show ${state} tasks`}
              data-testid={`count-${state}`}
            >
              <TaskStatePill state={state} />
              <span className="num">{formatCount(tasksByState[state])}</span>
            </Link>
          ))}
        </span>
      </div>
    </section>
  );
}
