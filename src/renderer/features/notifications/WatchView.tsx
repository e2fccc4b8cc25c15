import { useState } from 'react';
import { Link } from 'wouter';
import type { NotificationEvent } from '../../../shared/domain/notifications.ts';
import { useRequest } from '../../api/use-request.ts';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { Field } from '../../components/Field.tsx';
import { formatWhen } from './EventsTable.tsx';
import { notificationPaths } from './notification-paths.ts';

const TAIL = 50;

/** stacky watch: the newest events as they are stored, optionally of one event type; pausing freezes the view. */
export function WatchView({ deploymentId }: { deploymentId: number }) {
  const [eventType, setEventType] = useState('');
  const [paused, setPaused] = useState<NotificationEvent[] | null>(null);
  const trimmed = eventType.trim();
  const live = useRequest('notifications.events', { deploymentId, limit: TAIL, ...(trimmed ? { eventType: trimmed } : {}) });
  const rows = paused ?? live.data?.events ?? [];
  const paths = notificationPaths(deploymentId);
  return (
    <div className="watch-view" data-testid="watch-view">
      <div className="filter-bar">
        <Field label="Event type" placeholder="any (exact, e.g. compute.instance.create.end)" value={eventType} onChange={setEventType} />
        <div className="filter-actions">
          <Button onClick={() => setPaused(paused ? null : rows)} aria-pressed={paused !== null}>
            {paused ? '▶ Resume' : '❚❚ Pause'}
          </Button>
          <span className="muted">{paused ? 'Paused' : 'Live: new events appear at the top'}</span>
        </div>
      </div>
      {live.error && <Alert title="Could not load the events">{live.error.message}</Alert>}
      <ol className="watch-tail mono" data-testid="watch-tail">
        {rows.map((e) => (
          <li key={e.id} className={e.isError ? 'watch-line watch-line-error' : 'watch-line'}>
            <span className="watch-when">{formatWhen(e.when)}</span> <span className="watch-host">{e.publisher}</span>{' '}
            <Link href={paths.event(e.id)}>
              {e.isError && '✕ '}
              {e.eventType}
            </Link>{' '}
            <span className="muted">{e.instance ?? ''}</span>
          </li>
        ))}
        {rows.length === 0 && <li className="muted">Waiting for notifications…</li>}
      </ol>
    </div>
  );
}
