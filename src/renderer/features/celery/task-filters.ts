import type { CeleryTasksQuery } from '../../../shared/contract/schemas.ts';
import { TASK_STATES } from '../../../shared/domain/celery.ts';
import type { TaskState } from '../../../shared/domain/celery.ts';

// The tasks filters live in the URL's query string (?state=FAILURE&q=timeout), so a reload or a
// pasted link shows the same rows. Times are kept as the datetime-local inputs write them.

export interface TaskFilters {
  state?: TaskState;
  /** Exact task name, as the engine matches it. */
  name?: string;
  worker?: string;
  /** Substring of name, args, kwargs, result or exception; or a whole uuid. */
  search?: string;
  /** Local times "2026-11-23T10:00" bounding the task's last event. */
  since?: string;
  until?: string;
}

const PARAMS = { state: 'state', name: 'name', worker: 'worker', search: 'q', since: 'since', until: 'until' } as const;
const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;

const isTaskState = (value: string): value is TaskState => (TASK_STATES as readonly string[]).includes(value);

export function parseTaskFilters(search: string): TaskFilters {
  const params = new URLSearchParams(search);
  const filters: TaskFilters = {};
  const text = (key: keyof typeof PARAMS) => params.get(PARAMS[key])?.trim() || undefined;
  const state = text('state')?.toUpperCase();
  if (state && isTaskState(state)) filters.state = state;
  for (const key of ['name', 'worker', 'search'] as const) {
    const value = text(key);
    if (value) filters[key] = value.slice(0, 200);
  }
  for (const key of ['since', 'until'] as const) {
    const value = text(key);
    if (value && LOCAL_TIME.test(value)) filters[key] = value;
  }
  return filters;
}

/** The query string (without '?'), in a stable order so equal filters give equal URLs. */
export function taskFiltersSearch(filters: TaskFilters): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(PARAMS) as (keyof TaskFilters)[]) {
    const value = filters[key];
    if (value) params.set(PARAMS[key], value);
  }
  return params.toString();
}

const toIso = (local: string | undefined): string | undefined => {
  if (!local) return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
};

export function toTasksQuery(deploymentId: number, filters: TaskFilters): Omit<CeleryTasksQuery, 'before' | 'limit'> {
  const query: Omit<CeleryTasksQuery, 'before' | 'limit'> = { deploymentId };
  if (filters.state) query.state = filters.state;
  if (filters.name) query.name = filters.name;
  if (filters.worker) query.worker = filters.worker;
  if (filters.search) query.search = filters.search;
  const since = toIso(filters.since);
  const until = toIso(filters.until);
  if (since) query.since = since;
  if (until) query.until = until;
  return query;
}

export const hasFilters = (filters: TaskFilters): boolean => taskFiltersSearch(filters) !== '';
