import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { Link, useLocation } from 'wouter';
import type { QueueStat } from '../../../shared/domain/broker.ts';
import { useFillViewport } from '../celery/use-fill-viewport.ts';
import { brokerPaths } from './broker-paths.ts';
import { formatCount, formatGrowth, formatMaybeBytes, formatRate } from './broker-format.ts';
import type { QueueListOptions, QueueSortKey } from './queue-list.ts';

const ROW_HEIGHT = 30;

const COLUMNS: { key: QueueSortKey; label: string; numeric: boolean; title?: string }[] = [
  { key: 'name', label: 'Queue', numeric: false },
  { key: 'vhost', label: 'Vhost', numeric: false },
  { key: 'messages', label: 'Messages', numeric: true },
  { key: 'messagesReady', label: 'Ready', numeric: true },
  { key: 'messagesUnacknowledged', label: 'Unacked', numeric: true },
  { key: 'consumers', label: 'Consumers', numeric: true },
  { key: 'growthPerMinute', label: 'Growth/min', numeric: true, title: 'Change in messages per minute over the last minute' },
  { key: 'publishRate', label: 'Publish/s', numeric: true },
  { key: 'deliverRate', label: 'Deliver/s', numeric: true },
  { key: 'memory', label: 'Memory', numeric: true },
];

function QueueRow({ queue, deploymentId, top, alerting }: { queue: QueueStat; deploymentId: number; top: number; alerting: boolean }) {
  const [, navigate] = useLocation();
  const href = brokerPaths(deploymentId).queue(queue.vhost, queue.name);
  const stalled = queue.consumers === 0 && queue.messages > 0;
  const classes = ['tasks-row', 'tasks-body-row', 'queues-row', stalled ? 'queue-stalled' : null, alerting ? 'queue-alerting' : null].filter(Boolean).join(' ');
  return (
    <div role="row" className={classes} style={{ transform: `translateY(${top}px)` }} data-testid="queue-row" data-queue={queue.name} onClick={() => navigate(href)}>
      <span role="cell" className="cell-ellipsis mono" title={queue.name}>
        {alerting && (
          <span className="queue-alert-mark" role="img" aria-label="Open alert">
            ⚠{' '}
          </span>
        )}
        <Link href={href} onClick={(event) => event.stopPropagation()}>
          {queue.name}
        </Link>
      </span>
      <span role="cell" className="cell-ellipsis mono" title={queue.vhost}>
        {queue.vhost}
      </span>
      <span role="cell" className="num" data-testid="queue-messages">
        {formatCount(queue.messages)}
      </span>
      <span role="cell" className="num">
        {formatCount(queue.messagesReady)}
      </span>
      <span role="cell" className="num">
        {formatCount(queue.messagesUnacknowledged)}
      </span>
      <span role="cell" className={stalled ? 'num queue-no-consumer' : 'num'} title={stalled ? 'Messages wait and nothing consumes them' : undefined}>
        {formatCount(queue.consumers)}
      </span>
      <span role="cell" className={(queue.growthPerMinute ?? 0) > 0 ? 'num queue-growing' : 'num'}>
        {formatGrowth(queue.growthPerMinute)}
      </span>
      <span role="cell" className="num">
        {formatRate(queue.publishRate)}
      </span>
      <span role="cell" className="num">
        {formatRate(queue.deliverRate)}
      </span>
      <span role="cell" className="num">
        {formatMaybeBytes(queue.memory)}
      </span>
    </div>
  );
}

/** Only the rows in view are in the DOM: a broker with thousands of queues scrolls like one with ten. */
export function QueuesTable({
  deploymentId,
  queues,
  options,
  onSort,
  alertingSubjects,
}: {
  deploymentId: number;
  queues: QueueStat[];
  options: QueueListOptions;
  onSort: (key: QueueSortKey) => void;
  alertingSubjects: ReadonlySet<string>;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  useFillViewport(scrollRef);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read in this render only, never memoized.
  const virtualizer = useVirtualizer({ count: queues.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  return (
    <div className="tasks-table queues-table" role="table" aria-label="Queues" aria-rowcount={queues.length + 1} data-testid="queues-table" data-rows={queues.length}>
      <div role="rowgroup" className="tasks-head">
        <div role="row" className="tasks-row queues-row">
          {COLUMNS.map((column) => {
            const active = options.sort === column.key;
            return (
              <span
                key={column.key}
                role="columnheader"
                className={column.numeric ? 'num' : undefined}
                aria-sort={active ? (options.descending ? 'descending' : 'ascending') : 'none'}
                title={column.title}
              >
                <button type="button" className="sort-button" onClick={() => onSort(column.key)} data-testid={`sort-${column.key}`}>
                  {column.label}
                  <span aria-hidden="true" className="sort-arrow">
                    {active ? (options.descending ? ' ▾' : ' ▴') : ''}
                  </span>
                </button>
              </span>
            );
          })}
        </div>
      </div>
      <div ref={scrollRef} className="tasks-scroll" role="rowgroup">
        <div className="tasks-spacer" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const queue = queues[item.index];
            return queue ? (
              <QueueRow
                key={`${queue.vhost}\u0000${queue.name}`}
                queue={queue}
                deploymentId={deploymentId}
                top={item.start}
                alerting={alertingSubjects.has(`${encodeURIComponent(queue.vhost)}/${queue.name}`)}
              />
            ) : null;
          })}
        </div>
      </div>
    </div>
  );
}
