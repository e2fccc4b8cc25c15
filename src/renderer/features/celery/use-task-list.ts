import { useCallback, useRef, useState } from 'react';
import type { CeleryTasksQuery } from '../../../shared/contract/schemas.ts';
import { useApi } from '../../api/api-context.tsx';
import { RequestError } from '../../api/request-error.ts';
import { useRequest } from '../../api/use-request.ts';
import { appendOlder, applyFirstPage, emptyTaskList } from './task-list.ts';

export const TASKS_PAGE_SIZE = 100;

/**
 * The tasks of one filter: the first page as a query (the one 'celery.changed' refetches),
 * older pages fetched by the `before` cursor as the table scrolls and kept in place.
 * The owner remounts this (a React key) when the filter changes.
 */
export function useTaskList(query: Omit<CeleryTasksQuery, 'before' | 'limit'>) {
  const api = useApi();
  // Fixed for the hook's life: the owner remounts it with a key when the filter changes.
  const [filter] = useState(query);
  const first = useRequest('celery.tasks', { ...filter, limit: TASKS_PAGE_SIZE });
  const [list, setList] = useState(emptyTaskList);
  const [older, setOlder] = useState<{ loading: boolean; error: RequestError | null }>({ loading: false, error: null });
  // A ref, not state: two scroll events in one frame must not both start a request.
  const inFlight = useRef(false);

  // Merged during render (React's "adjust state when a prop changes"): no frame shows the new
  // first page without the older rows below it.
  if (first.data && first.data !== list.applied) setList(applyFirstPage(list, first.data));

  const cursor = list.cursor;
  const loadOlder = useCallback(async () => {
    if (inFlight.current || cursor === null) return;
    inFlight.current = true;
    setOlder({ loading: true, error: null });
    const result = await api.invoke('celery.tasks', { ...filter, limit: TASKS_PAGE_SIZE, before: cursor });
    inFlight.current = false;
    if (!result.ok) {
      setOlder({ loading: false, error: new RequestError(result.error) });
      return;
    }
    setList((current) => appendOlder(current, result.value, cursor));
    setOlder({ loading: false, error: null });
  }, [api, cursor, filter]);

  return {
    rows: list.applied ? list.rows : [],
    loading: first.isPending,
    error: first.error,
    refetch: first.refetch,
    hasOlder: list.applied !== undefined && cursor !== null,
    loadingOlder: older.loading,
    olderError: older.error,
    loadOlder,
  };
}
