import type { ReactNode } from 'react';
import { Link, useSearch } from 'wouter';
import type { CeleryTaskDetail } from '../../../shared/domain/celery.ts';
import { useRequest } from '../../api/use-request.ts';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { ClockSkewNote, TruncatedNote } from '../../components/ValueNotes.tsx';
import { celeryPaths } from './celery-paths.ts';
import { formatClock, formatSeconds, formatTimestamp } from './celery-format.ts';
import { BackLink } from './BackLink.tsx';
import { CopyButton } from './CopyButton.tsx';
import { TaskStatePill } from './StatePill.tsx';
import { TaskActions } from './TaskActions.tsx';
import { taskTimeline } from './task-timeline.ts';
import type { TaskEventKind } from './task-timeline.ts';

const EVENT_LABELS: Record<TaskEventKind, string> = {
  sent: 'Sent',
  received: 'Received',
  started: 'Started',
  retried: 'Retried',
  succeeded: 'Succeeded',
  failed: 'Failed',
  revoked: 'Revoked',
  rejected: 'Rejected',
};

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="details-row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Timeline({ task }: { task: CeleryTaskDetail }) {
  const entries = taskTimeline(task);
  if (entries.length === 0) return <p className="muted">No transition of this task has been seen yet.</p>;
  return (
    <ol className="timeline" aria-label="Transitions" data-testid="task-timeline">
      {entries.map((entry) => (
        <li key={entry.kind} className={`timeline-entry timeline-${entry.kind}`} data-kind={entry.kind}>
          <span className="timeline-marker" aria-hidden="true" />
          <span className="timeline-label">{EVENT_LABELS[entry.kind]}</span>
          <time className="mono" dateTime={entry.at} title={formatTimestamp(entry.at)}>
            {formatClock(entry.at)}
          </time>
          <span className="timeline-gap muted" title={entry.sincePrevious !== null && entry.sincePrevious < 0 ? 'Stamped before the event above it: the client sends task-sent after publishing, or the clocks differ.' : undefined}>
            {entry.sincePrevious === null ? '' : `${entry.sincePrevious < 0 ? '' : '+'}${formatSeconds(entry.sincePrevious)}`}
          </span>
        </li>
      ))}
    </ol>
  );
}

function CodeBlock({ title, value, tone, testId, tall, truncatedFrom }: { title: string; value: string | null; tone?: 'fail'; testId: string; tall?: boolean; truncatedFrom?: number | undefined }) {
  return (
    <section className={tall ? 'code-section code-section-tall' : 'code-section'}>
      <h3>
        {title} <TruncatedNote size={truncatedFrom} />
      </h3>
      {value === null ? (
        <p className="muted">—</p>
      ) : (
        <pre className={tone === 'fail' ? 'code-block code-block-fail' : 'code-block'} data-testid={testId}>
          {value}
        </pre>
      )}
    </section>
  );
}

function TaskLink({ deploymentId, uuid, self }: { deploymentId: number; uuid: string | null; self: string }) {
  if (uuid === null) return <span className="muted">—</span>;
  if (uuid === self) return <span className="muted">this task</span>;
  return (
    <Link href={celeryPaths(deploymentId).task(uuid)} className="mono">
      {uuid}
    </Link>
  );
}

function TaskDetails({ deploymentId, task }: { deploymentId: number; task: CeleryTaskDetail }) {
  const paths = celeryPaths(deploymentId);
  return (
    <dl className="details details-two" data-testid="task-details">
      <Detail label="State">
        <TaskStatePill state={task.state} />
      </Detail>
      <Detail label="Name">
        <span className="mono">{task.name ?? '—'}</span>
      </Detail>
      <Detail label="UUID">
        <span className="mono">{task.uuid}</span>
      </Detail>
      <Detail label="Worker">
        {task.worker ? (
          <Link href={paths.worker(task.worker)} className="mono">
            {task.worker}
          </Link>
        ) : (
          '—'
        )}
      </Detail>
      <Detail label="Runtime">{formatSeconds(task.runtime)}</Detail>
      <Detail label="Retries">{task.retries ?? '—'}</Detail>
      <Detail label="ETA">{task.eta ? formatTimestamp(task.eta) : '—'}</Detail>
      <Detail label="Expires">{task.expires ? formatTimestamp(task.expires) : '—'}</Detail>
      <Detail label="Parent">
        <TaskLink deploymentId={deploymentId} uuid={task.parentId} self={task.uuid} />
      </Detail>
      <Detail label="Root">
        <TaskLink deploymentId={deploymentId} uuid={task.rootId} self={task.uuid} />
      </Detail>
      <Detail label="Last event">{formatTimestamp(task.lastEventAt)}</Detail>
      {task.clockSkewSent !== null && (
        <Detail label="Clock">
          <ClockSkewNote sent={task.clockSkewSent} />
        </Detail>
      )}
      {(['eta', 'expires', 'queue', 'exchange', 'routingKey'] as const).map((field) =>
        task.truncated?.[field] === undefined ? null : (
          <Detail key={field} label={field}>
            <TruncatedNote size={task.truncated[field]} />
          </Detail>
        ),
      )}
    </dl>
  );
}

export function TaskPage({ deploymentId, uuid, readOnly }: { deploymentId: number; uuid: string; readOnly: boolean }) {
  const task = useRequest('celery.task', { deploymentId, uuid });
  const search = useSearch();
  const paths = celeryPaths(deploymentId);
  // Back to the list as it was filtered: the filters stayed in the query string.
  const header = <BackLink href={paths.tasks(search)} label="Tasks" />;
  if (task.error) {
    return (
      <div className="celery-detail-page">
        {header}
        {task.error.code === 'not_found' ? (
          <EmptyState title="This task has not been seen">
            No event of task <span className="mono">{uuid}</span> reached this deployment, or it was removed from the store.
          </EmptyState>
        ) : (
          <div className="celery-view-error">
            <Alert title="Could not load the task">{task.error.message}</Alert>
            <Button onClick={() => void task.refetch()}>Retry</Button>
          </div>
        )}
      </div>
    );
  }
  if (!task.data) {
    return (
      <div className="celery-detail-page">
        {header}
        <Spinner label="Loading the task…" />
      </div>
    );
  }
  const current = task.data;
  return (
    <div className="celery-detail-page" data-testid="task-page" data-uuid={current.uuid} data-state={current.state}>
      <div className="detail-head">
        {header}
        <h2 className="detail-title">
          <TaskStatePill state={current.state} />
          <span className="mono">{current.name ?? 'unknown task'}</span>
          <span className="mono muted detail-subtitle">{current.uuid}</span>
          <CopyButton value={current.uuid} label="Copy task id" />
        </h2>
      </div>
      <TaskActions deploymentId={deploymentId} task={current} readOnly={readOnly} />
      <div className="task-columns">
        <section className="panel">
          <header className="panel-header">
            <h2>Details</h2>
          </header>
          <div className="panel-body">
            <TaskDetails deploymentId={deploymentId} task={current} />
          </div>
        </section>
        <section className="panel">
          <header className="panel-header">
            <h2>Transitions</h2>
            <span className="panel-note">times as the worker and client stamped them</span>
          </header>
          <div className="panel-body">
            <Timeline task={current} />
          </div>
        </section>
      </div>
      {/* A failure's cause first: that is what the operator opened the task for. */}
      {(current.exception !== null || current.traceback !== null) && (
        <div className="code-sections">
          <CodeBlock title="Exception" value={current.exception} tone="fail" testId="task-exception" truncatedFrom={current.truncated?.exception} />
          <CodeBlock title="Traceback" value={current.traceback} tone="fail" testId="task-traceback" tall truncatedFrom={current.truncated?.traceback} />
        </div>
      )}
      <div className="code-grid">
        <CodeBlock title="Args" value={current.args} testId="task-args" truncatedFrom={current.truncated?.args} />
        <CodeBlock title="Kwargs" value={current.kwargs} testId="task-kwargs" truncatedFrom={current.truncated?.kwargs} />
        <CodeBlock title="Result" value={current.result} testId="task-result" truncatedFrom={current.truncated?.result} />
      </div>
    </div>
  );
}
