import type { CeleryTask } from '../../../shared/domain/celery.ts';

// The tasks table keeps every page it loaded. Only the first page is refetched on live
// updates (older pages are where they were: tasks move only towards the top, when a new
// event arrives for them), and that page is merged in rather than replacing the list, so
// rows the operator scrolled to stay put.

export interface TasksPage {
  tasks: CeleryTask[];
  next: string | null;
}

export interface TaskListState {
  /** Newest first (by last event, then uuid, as the engine pages them), each uuid once. */
  rows: CeleryTask[];
  /** Where the next older page starts (the `next` of the oldest page loaded); null at the end. */
  cursor: string | null;
  /** The first page last merged, to notice a refetched one. */
  applied: TasksPage | undefined;
}

export const emptyTaskList: TaskListState = { rows: [], cursor: null, applied: undefined };

/** The engine's order: last event time, then uuid compared as bytes (SQLite's default). */
export function compareNewestFirst(a: CeleryTask, b: CeleryTask): number {
  const byTime = Date.parse(b.lastEventAt) - Date.parse(a.lastEventAt);
  if (byTime !== 0) return byTime;
  return a.uuid === b.uuid ? 0 : a.uuid < b.uuid ? 1 : -1;
}

/**
 * Merges a (re)fetched first page:
 * - its rows replace their older versions (a task that changed moved up into it);
 * - rows the page should hold but does not (newer than its last row) left the filter: dropped;
 * - rows older than its last row are kept, with the cursor that continues after them;
 * - if more tasks changed than a page holds, the page no longer reaches the rows shown: the
 *   list starts over from this page rather than show a silent gap.
 */
export function applyFirstPage(state: TaskListState, page: TasksPage): TaskListState {
  const restart: TaskListState = { rows: page.tasks, cursor: page.next, applied: page };
  const last = page.tasks.at(-1);
  const newestShown = state.rows[0];
  const oldestShown = state.rows.at(-1);
  // The whole result fits in the page; or nothing was shown yet.
  if (page.next === null || last === undefined || newestShown === undefined || oldestShown === undefined) return restart;
  // The page ends above everything shown: tasks between it and the old top are unknown.
  if (compareNewestFirst(last, newestShown) < 0) return restart;
  // The page reaches further down than anything loaded (rows left the filter): it is the list.
  if (compareNewestFirst(last, oldestShown) > 0) return restart;
  const inPage = new Set(page.tasks.map((task) => task.uuid));
  const kept = state.rows.filter((task) => !inPage.has(task.uuid) && compareNewestFirst(task, last) > 0);
  return { rows: [...page.tasks, ...kept], cursor: state.cursor, applied: page };
}

/** Appends an older page, unless the list moved on (restarted) since it was asked for. */
export function appendOlder(state: TaskListState, page: TasksPage, requestedCursor: string): TaskListState {
  if (state.cursor !== requestedCursor) return state;
  const shown = new Set(state.rows.map((task) => task.uuid));
  return { ...state, rows: [...state.rows, ...page.tasks.filter((task) => !shown.has(task.uuid))], cursor: page.next };
}
