import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import { Link, useLocation } from 'wouter';
import type { CeleryTask } from '../../../shared/domain/celery.ts';
import { Button } from '../../components/Button.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { celeryPaths } from './celery-paths.ts';
import { formatClock, formatCountOf, formatSeconds, formatTimestamp, shortUuid } from './celery-format.ts';
import { CopyButton } from './CopyButton.tsx';
import { ClockSkewNote } from '../../components/ValueNotes.tsx';
import { TaskStatePill } from './StatePill.tsx';
import { useFillViewport } from './use-fill-viewport.ts';

/** Fixed row height: rows are never measured, so thousands of them cost nothing until shown. */
export const TASK_ROW_HEIGHT = 30;
/** Start loading the next page this many rows before the end comes into view. */
const PREFETCH_ROWS = 30;

interface TasksTableProps {
  deploymentId: number;
  rows: CeleryTask[];
  hasOlder: boolean;
  loadingOlder: boolean;
  olderError: string | undefined;
  loadOlder: () => Promise<void>;
}

function TaskRow({ task, deploymentId, top }: { task: CeleryTask; deploymentId: number; top: number }) {
  const [, navigate] = useLocation();
  const href = celeryPaths(deploymentId).task(task.uuid);
  const outcome = task.exception ?? task.result;
  return (
    <div
      role="row"
      className="tasks-row tasks-body-row"
      style={{ transform: `translateY(${top}px)` }}
      data-testid="task-row"
      data-uuid={task.uuid}
      data-state={task.state}
      onClick={() => navigate(href)}
    >
      <span role="cell">
        <TaskStatePill state={task.state} />
      </span>
      <span role="cell" className="cell-ellipsis mono" title={task.name ?? undefined}>
        <ClockSkewNote sent={task.clockSkewSent} compact /> {task.name ?? <span className="muted">unknown</span>}
      </span>
      <span role="cell" className="cell-uuid">
        <Link href={href} className="mono" title={task.uuid} onClick={(event) => event.stopPropagation()}>
          {shortUuid(task.uuid)}
        </Link>
        <CopyButton value={task.uuid} label={`Copy task id ${task.uuid}`} />
      </span>
      <span role="cell" className="cell-ellipsis mono" title={task.worker ?? undefined}>
        {task.worker ?? <span className="muted">—</span>}
      </span>
      <span role="cell" className="cell-ellipsis mono" title={task.truncated?.args === undefined ? (task.args ?? undefined) : `truncated from ${task.truncated.args.toLocaleString('en-US')} bytes`}>
        {task.args ?? <span className="muted">—</span>}
      </span>
      <span role="cell" className="mono cell-time" title={task.received ? formatTimestamp(task.received) : undefined}>
        {formatClock(task.received)}
      </span>
      <span role="cell" className="mono cell-time" title={task.started ? formatTimestamp(task.started) : undefined}>
        {formatClock(task.started)}
      </span>
      <span role="cell" className="num">
        {formatSeconds(task.runtime)}
      </span>
      <span role="cell" className={task.exception ? 'cell-ellipsis mono cell-exception' : 'cell-ellipsis mono'} title={outcome ?? undefined}>
        {task.exception && <span aria-hidden="true">✕ </span>}
        {outcome ?? <span className="muted">—</span>}
      </span>
    </div>
  );
}

/** The row after the last task: loading, a retry, or where the list ends. */
function EndRow({ top, count, hasOlder, loadingOlder, olderError, loadOlder }: Omit<TasksTableProps, 'deploymentId' | 'rows'> & { top: number; count: number }) {
  return (
    <div role="row" className="tasks-row tasks-end-row" style={{ transform: `translateY(${top}px)` }} data-testid="tasks-end">
      <span role="cell">
        {loadingOlder ? (
          <Spinner label="Loading older tasks…" />
        ) : olderError ? (
          <span className="outcome-line outcome-fail">
            <span aria-hidden="true">✕ </span>Could not load older tasks: {olderError}{' '}
            <Button onClick={() => void loadOlder()}>Retry</Button>
          </span>
        ) : hasOlder ? (
          <Button onClick={() => void loadOlder()}>Load older tasks</Button>
        ) : (
          <span className="muted">End of the list · {formatCountOf(count, 'task')}</span>
        )}
      </span>
    </div>
  );
}

/**
 * Only the rows in view (plus a margin) are in the DOM. When the first page is merged in
 * while the operator is scrolled down, the scroll position moves with the rows they look at.
 */
export function TasksTable({ deploymentId, rows, hasOlder, loadingOlder, olderError, loadOlder }: TasksTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  useFillViewport(scrollRef);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read in this render only, never memoized.
  const virtualizer = useVirtualizer({
    count: rows.length + 1,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => TASK_ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;

  useEffect(() => {
    if (hasOlder && !loadingOlder && !olderError && lastIndex >= rows.length - PREFETCH_ROWS) void loadOlder();
  }, [hasOlder, loadingOlder, olderError, lastIndex, rows.length, loadOlder]);

  // Scroll anchoring: which rows were in view, at which index, before the list changed.
  const anchor = useRef<Map<string, number>>(new Map());
  const recordAnchor = useCallback(() => {
    const element = scrollRef.current;
    if (!element) return;
    const first = Math.floor(element.scrollTop / TASK_ROW_HEIGHT);
    const visible = Math.ceil(element.clientHeight / TASK_ROW_HEIGHT) + 1;
    const seen = new Map<string, number>();
    for (let index = first; index < Math.min(rows.length, first + visible); index += 1) {
      const row = rows[index];
      if (row) seen.set(row.uuid, index);
    }
    anchor.current = seen;
  }, [rows]);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (element && element.scrollTop > 0 && anchor.current.size > 0) {
      // Rows that changed jump to the top; the rest moved by how many arrived above them.
      // The most common shift among the rows in view is that number.
      const positions = new Map(rows.map((row, index) => [row.uuid, index]));
      const shifts = new Map<number, number>();
      for (const [uuid, before] of anchor.current) {
        const after = positions.get(uuid);
        if (after !== undefined) shifts.set(after - before, (shifts.get(after - before) ?? 0) + 1);
      }
      const [shift] = [...shifts.entries()].sort((a, b) => b[1] - a[1])[0] ?? [0];
      if (shift !== 0) element.scrollTop += shift * TASK_ROW_HEIGHT;
    }
    recordAnchor();
  }, [rows, recordAnchor]);

  return (
    <div className="tasks-table" role="table" aria-label="Tasks" aria-rowcount={rows.length + 1} data-testid="tasks-table" data-rows={rows.length}>
      <div role="rowgroup" className="tasks-head">
        <div role="row" className="tasks-row">
          <span role="columnheader">State</span>
          <span role="columnheader">Name</span>
          <span role="columnheader">UUID</span>
          <span role="columnheader">Worker</span>
          <span role="columnheader">Args</span>
          <span role="columnheader">Received</span>
          <span role="columnheader">Started</span>
          <span role="columnheader" className="num">
            Runtime
          </span>
          <span role="columnheader">Result / exception</span>
        </div>
      </div>
      <div ref={scrollRef} className="tasks-scroll" role="rowgroup" data-testid="tasks-scroll" onScroll={recordAnchor}>
        <div className="tasks-spacer" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const task = rows[item.index];
            return task ? (
              <TaskRow key={task.uuid} task={task} deploymentId={deploymentId} top={item.start} />
            ) : (
              <EndRow key="end" top={item.start} count={rows.length} hasOlder={hasOlder} loadingOlder={loadingOlder} olderError={olderError} loadOlder={loadOlder} />
            );
          })}
        </div>
      </div>
    </div>
  );
}
