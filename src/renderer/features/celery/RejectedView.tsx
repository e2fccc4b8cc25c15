import { Fragment, useState } from 'react';
import { useRequest } from '../../api/use-request.ts';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { formatBytes, formatTimestamp } from './celery-format.ts';

const LIMIT = 500;

/** Messages on the event exchange that were not Celery events Tach could read, and why. */
export function RejectedView({ deploymentId }: { deploymentId: number }) {
  const rejected = useRequest('celery.rejected', { deploymentId, limit: LIMIT });
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const toggle = (id: number) =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  if (rejected.error) {
    return (
      <div className="celery-view-error">
        <Alert title="Could not load the rejected events">{rejected.error.message}</Alert>
        <Button onClick={() => void rejected.refetch()}>Retry</Button>
      </div>
    );
  }
  if (!rejected.data) return <Spinner label="Loading rejected events…" />;
  if (rejected.data.length === 0) {
    return (
      <EmptyState title="No rejected events">
        Every message on the celeryev exchange so far was a Celery event Tach could read. A message that is not (another
        serializer, a truncated body, a foreign publisher) is listed here with the reason.
      </EmptyState>
    );
  }
  return (
    <div className="rejected-view" data-testid="rejected-view">
      <p className="muted">
        The newest {rejected.data.length === LIMIT ? LIMIT : rejected.data.length} messages the event consumer could not decode. They were acknowledged and
        dropped; only a preview of each body is kept.
      </p>
      <table className="table rejected-table" aria-label="Rejected events">
        <thead>
          <tr>
            <th className="col-time">Time</th>
            <th>Routing key</th>
            <th className="col-content-type">Content type</th>
            <th>Reason</th>
            <th className="num col-size">Size</th>
            <th className="col-preview">Preview</th>
          </tr>
        </thead>
        <tbody>
          {rejected.data.map((event) => {
            const expanded = open.has(event.id);
            return (
              <Fragment key={event.id}>
                <tr data-testid="rejected-row">
                  <td className="mono">{formatTimestamp(event.receivedAt)}</td>
                  <td className="mono cell-ellipsis" title={event.routingKey}>
                    {event.routingKey}
                  </td>
                  <td className="mono">{event.contentType ?? <span className="muted">none</span>}</td>
                  <td>
                    <span className="outcome-fail">
                      <span aria-hidden="true">✕ </span>
                      {event.reason}
                    </span>
                  </td>
                  <td className="num">{formatBytes(event.size)}</td>
                  <td>
                    <Button aria-expanded={expanded} aria-controls={`rejected-preview-${event.id}`} onClick={() => toggle(event.id)}>
                      {expanded ? 'Hide' : 'Show'}
                    </Button>
                  </td>
                </tr>
                {expanded && (
                  <tr className="preview-row">
                    <td colSpan={6}>
                      <pre id={`rejected-preview-${event.id}`} className="code-block" data-testid="rejected-preview">
                        {event.preview}
                        {event.size > new TextEncoder().encode(event.preview).length && <span className="muted">{`\n… (${formatBytes(event.size)} in all; the preview keeps the first 4 KiB)`}</span>}
                      </pre>
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
