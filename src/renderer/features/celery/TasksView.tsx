import { useId } from 'react';
import { useLocation, useSearch } from 'wouter';
import { useRequest } from '../../api/use-request.ts';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { celeryPaths } from './celery-paths.ts';
import { hasFilters, parseTaskFilters, taskFiltersSearch, toTasksQuery } from './task-filters.ts';
import type { TaskFilters } from './task-filters.ts';
import { TaskFilterBar } from './TaskFilterBar.tsx';
import { TasksTable } from './TasksTable.tsx';
import { useTaskList } from './use-task-list.ts';

/** Task names among the rows loaded, as suggestions for the exact-match name filter. */
function NameSuggestions({ id, names }: { id: string; names: (string | null)[] }) {
  const unique = [...new Set(names.filter((name): name is string => name !== null))].sort().slice(0, 200);
  return (
    <datalist id={id}>
      {unique.map((name) => (
        <option key={name} value={name} />
      ))}
    </datalist>
  );
}

function TaskList({ deploymentId, filters, namesId }: { deploymentId: number; filters: TaskFilters; namesId: string }) {
  const list = useTaskList(toTasksQuery(deploymentId, filters));
  if (list.error) {
    return (
      <div className="celery-view-error">
        <Alert title="Could not load the tasks">{list.error.message}</Alert>
        <Button onClick={() => void list.refetch()}>Retry</Button>
      </div>
    );
  }
  if (list.loading) return <Spinner label="Loading tasks…" />;
  if (list.rows.length === 0) {
    return hasFilters(filters) ? (
      <EmptyState title="No tasks match these filters">Task name and worker match exactly; search matches part of the args, kwargs, result or exception, or a whole task id.</EmptyState>
    ) : (
      <EmptyState title="No tasks seen yet">
        Tasks appear with their first event. Workers send task events only when started with <span className="mono">-E</span> or told to by
        enable_events, which Tach sends every few seconds unless that is turned off in the deployment&apos;s settings.
      </EmptyState>
    );
  }
  return (
    <>
      <NameSuggestions id={namesId} names={list.rows.map((task) => task.name)} />
      <TasksTable
        deploymentId={deploymentId}
        rows={list.rows}
        hasOlder={list.hasOlder}
        loadingOlder={list.loadingOlder}
        olderError={list.olderError?.message}
        loadOlder={list.loadOlder}
      />
    </>
  );
}

/** Filters (kept in the URL) over a virtualised, endlessly scrolling table of tasks, newest first. */
export function TasksView({ deploymentId }: { deploymentId: number }) {
  const search = useSearch();
  const [, navigate] = useLocation();
  const filters = parseTaskFilters(search);
  const key = taskFiltersSearch(filters);
  const namesId = useId();
  const workers = useRequest('celery.workers', { deploymentId });
  // Filtering is an adjustment of this view, not a new place: Back leaves the view, not the last keystroke.
  const setFilters = (next: TaskFilters) => navigate(celeryPaths(deploymentId).tasks(taskFiltersSearch(next)), { replace: true });
  return (
    <div className="tasks-view" data-testid="tasks-view">
      <TaskFilterBar
        filters={filters}
        onChange={setFilters}
        namesListId={namesId}
        workers={(workers.data ?? []).map((worker) => worker.hostname)}
      />
      {/* A new filter is a new list: pages, cursor and scroll start over. */}
      <TaskList key={key} deploymentId={deploymentId} filters={filters} namesId={namesId} />
    </div>
  );
}
