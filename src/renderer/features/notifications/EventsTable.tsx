import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type CSSProperties } from 'react';
import { Link, useLocation } from 'wouter';
import type { NotificationEvent } from '../../../shared/domain/notifications.ts';
import { Button } from '../../components/Button.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { ClockSkewNote } from '../../components/ValueNotes.tsx';
import { formatCountOf, shortUuid } from '../celery/celery-format.ts';
import { useFillViewport } from '../celery/use-fill-viewport.ts';
import { notificationPaths } from './notification-paths.ts';

const ROW_HEIGHT = 30;
const PREFETCH_ROWS = 40;
const COLUMNS: CSSProperties = { ['--task-columns' as string]: '215px minmax(220px, 2fr) 70px 70px 90px 80px minmax(90px, 1fr) minmax(90px, 1fr)' };

/** Time with the notifier's microseconds, in UTC as oslo sends it. */
export const formatWhen = (iso: string) => iso.replace('T', ' ').replace('Z', '');

function EventRow({ event, deploymentId, top }: { event: NotificationEvent; deploymentId: number; top: number }) {
  const [, navigate] = useLocation();
  const paths = notificationPaths(deploymentId);
  return (
    <div
      role="row"
      className={event.isError ? 'tasks-row tasks-body-row event-row event-row-error' : 'tasks-row tasks-body-row event-row'}
      style={{ transform: `translateY(${top}px)` }}
      data-testid="event-row"
      data-error={event.isError ? 'true' : undefined}
      onClick={() => navigate(paths.event(event.id))}
    >
      <span role="cell" className="mono cell-time">
        <ClockSkewNote sent={event.clockSkewSent} compact /> {formatWhen(event.when)}
      </span>
      <span role="cell" className="cell-ellipsis mono" title={event.eventType}>
        {event.isError && <span aria-hidden="true">✕ </span>}
        {event.eventType}
      </span>
      <span role="cell" className={event.isError ? 'mono event-priority-error' : 'mono muted'}>
        {event.priority ?? '—'}
      </span>
      <span role="cell" className="cell-ellipsis mono" title={event.publisher ?? undefined}>
        {event.service ?? '—'}
      </span>
      <span role="cell" className="cell-ellipsis mono" title={event.host ?? undefined}>
        {event.host ?? '—'}
      </span>
      <span role="cell" className="cell-ellipsis mono">
        {event.instance ? (
          <Link href={paths.instance(event.instance)} title={event.instance} onClick={(e) => e.stopPropagation()}>
            {shortUuid(event.instance)}
          </Link>
        ) : (
          <span className="muted">—</span>
        )}
      </span>
      <span role="cell" className="cell-ellipsis mono" title={event.requestId ?? undefined}>
        {event.requestId ?? <span className="muted">—</span>}
      </span>
      <span role="cell" className="cell-ellipsis mono" title={event.tenant ?? undefined}>
        {event.tenant ?? <span className="muted">—</span>}
      </span>
    </div>
  );
}

interface EventsTableProps {
  deploymentId: number;
  rows: NotificationEvent[];
  hasOlder: boolean;
  loadingOlder: boolean;
  olderError: string | undefined;
  loadOlder: () => Promise<void>;
  label?: string;
}

/** Only the rows in view are in the DOM: millions of stored events page in by keyset as it scrolls. */
export function EventsTable({ deploymentId, rows, hasOlder, loadingOlder, olderError, loadOlder, label = 'Events' }: EventsTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  useFillViewport(scrollRef);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read in this render only, never memoized.
  const virtualizer = useVirtualizer({ count: rows.length + 1, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (hasOlder && !loadingOlder && !olderError && lastIndex >= rows.length - PREFETCH_ROWS) void loadOlder();
  }, [hasOlder, loadingOlder, olderError, lastIndex, rows.length, loadOlder]);

  return (
    <div className="tasks-table" style={COLUMNS} role="table" aria-label={label} aria-rowcount={rows.length + 1} data-testid="events-table" data-rows={rows.length}>
      <div role="rowgroup" className="tasks-head">
        <div role="row" className="tasks-row">
          <span role="columnheader">When (UTC)</span>
          <span role="columnheader">Event type</span>
          <span role="columnheader">Priority</span>
          <span role="columnheader">Service</span>
          <span role="columnheader">Host</span>
          <span role="columnheader">Instance</span>
          <span role="columnheader">Request</span>
          <span role="columnheader">Tenant</span>
        </div>
      </div>
      <div ref={scrollRef} className="tasks-scroll" role="rowgroup">
        <div className="tasks-spacer" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const event = rows[item.index];
            if (event) return <EventRow key={event.id} event={event} deploymentId={deploymentId} top={item.start} />;
            return (
              <div key="end" role="row" className="tasks-row tasks-end-row" style={{ transform: `translateY(${item.start}px)` }}>
                <span role="cell">
                  {loadingOlder ? (
                    <Spinner label="Loading older events…" />
                  ) : olderError ? (
                    <span className="outcome-line outcome-fail">
                      ✕ Could not load older events: {olderError} <Button onClick={() => void loadOlder()}>Retry</Button>
                    </span>
                  ) : hasOlder ? (
                    <Button onClick={() => void loadOlder()}>Load older events</Button>
                  ) : (
                    <span className="muted">End of the list · {formatCountOf(rows.length, 'event')}</span>
                  )}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
