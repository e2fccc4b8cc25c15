import { useCallback, useRef, useState } from 'react';
import type { NotificationEvent } from '../../../shared/domain/notifications.ts';
import { useApi } from '../../api/api-context.tsx';
import { RequestError } from '../../api/request-error.ts';
import { useRequest } from '../../api/use-request.ts';
import type { EventFilters } from './event-filters.ts';

export const EVENTS_PAGE_SIZE = 200;

interface List {
  applied: unknown;
  first: NotificationEvent[];
  older: NotificationEvent[];
  cursor: string | null;
}

/**
 * The events of one filter, newest first: the first page is a query ('notifications.changed'
 * refetches it), older pages come by keyset cursor as the table scrolls and stay in place.
 * The owner remounts this (a React key) when the filter changes.
 */
export function useEventList(deploymentId: number, filters: EventFilters) {
  const api = useApi();
  const [query] = useState(() => ({ deploymentId, ...filters }));
  const first = useRequest('notifications.events', { ...query, limit: EVENTS_PAGE_SIZE });
  const [list, setList] = useState<List>({ applied: undefined, first: [], older: [], cursor: null });
  const [older, setOlder] = useState<{ loading: boolean; error: RequestError | null }>({ loading: false, error: null });
  const inFlight = useRef(false);

  if (first.data && first.data !== list.applied) {
    const ids = new Set(first.data.events.map((e) => e.id));
    // Older pages already loaded stay; the first page's cursor only counts while none are.
    setList({
      applied: first.data,
      first: first.data.events,
      older: list.older.filter((e) => !ids.has(e.id)),
      cursor: list.older.length > 0 ? list.cursor : first.data.next,
    });
  }

  const cursor = list.cursor;
  const loadOlder = useCallback(async () => {
    if (inFlight.current || cursor === null) return;
    inFlight.current = true;
    setOlder({ loading: true, error: null });
    const result = await api.invoke('notifications.events', { ...query, limit: EVENTS_PAGE_SIZE, before: cursor });
    inFlight.current = false;
    if (!result.ok) {
      setOlder({ loading: false, error: new RequestError(result.error) });
      return;
    }
    setList((current) => ({ ...current, older: [...current.older, ...result.value.events], cursor: result.value.next }));
    setOlder({ loading: false, error: null });
  }, [api, cursor, query]);

  return {
    rows: list.applied ? [...list.first, ...list.older] : [],
    loading: first.isPending,
    error: first.error,
    refetch: first.refetch,
    hasOlder: list.applied !== undefined && cursor !== null,
    loadingOlder: older.loading,
    olderError: older.error,
    loadOlder,
  };
}
