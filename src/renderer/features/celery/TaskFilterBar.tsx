import { useEffect, useEffectEvent, useId, useState } from 'react';
import { TASK_STATES } from '../../../shared/domain/celery.ts';
import type { TaskState } from '../../../shared/domain/celery.ts';
import { Button } from '../../components/Button.tsx';
import { Field } from '../../components/Field.tsx';
import { hasFilters, taskFiltersSearch } from './task-filters.ts';
import type { TaskFilters } from './task-filters.ts';

/** Typing settles for this long before the list is asked again: one request per word, not per key. */
export const FILTER_DEBOUNCE_MS = 300;

type TextKey = 'name' | 'worker' | 'search';
type Drafts = Record<TextKey, string>;

const draftsOf = (filters: TaskFilters): Drafts => ({ name: filters.name ?? '', worker: filters.worker ?? '', search: filters.search ?? '' });

interface TaskFilterBarProps {
  filters: TaskFilters;
  onChange: (filters: TaskFilters) => void;
  /** The id of a <datalist> of task names (the table fills it from the rows it has). */
  namesListId: string;
  /** Suggestions for the exact-match worker input. */
  workers: string[];
}

export function TaskFilterBar({ filters, onChange, namesListId, workers }: TaskFilterBarProps) {
  const id = useId();
  const key = taskFiltersSearch(filters);
  const [drafts, setDrafts] = useState(() => draftsOf(filters));
  const [seenKey, setSeenKey] = useState(key);
  // The URL changed from elsewhere (a count in the header, Back): the inputs follow it.
  if (key !== seenKey) {
    setSeenKey(key);
    setDrafts(draftsOf(filters));
  }

  const commit = useEffectEvent((next: Drafts) => {
    const trimmed = { name: next.name.trim() || undefined, worker: next.worker.trim() || undefined, search: next.search.trim() || undefined };
    if (trimmed.name === filters.name && trimmed.worker === filters.worker && trimmed.search === filters.search) return;
    onChange({ ...filters, ...trimmed });
  });
  useEffect(() => {
    const timer = setTimeout(() => commit(drafts), FILTER_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [drafts]);

  const setDraft = (field: TextKey) => (value: string) => setDrafts((current) => ({ ...current, [field]: value }));

  return (
    <div className="filter-bar" role="search" aria-label="Filter tasks">
      <div className="field field-state">
        <label htmlFor={`${id}-state`}>State</label>
        <select
          id={`${id}-state`}
          value={filters.state ?? ''}
          onChange={(event) => onChange({ ...filters, state: (event.target.value || undefined) as TaskState | undefined })}
        >
          <option value="">All states</option>
          {TASK_STATES.map((state) => (
            <option key={state} value={state}>
              {state}
            </option>
          ))}
        </select>
      </div>
      <Field label="Task name" value={drafts.name} onChange={setDraft('name')} placeholder="exact name" list={namesListId} className="mono-input field-name" />
      <Field label="Worker" value={drafts.worker} onChange={setDraft('worker')} placeholder="celery@host" list={`${id}-workers`} className="mono-input field-worker" />
      <Field label="Search" type="search" value={drafts.search} onChange={setDraft('search')} placeholder="args, result, uuid…" className="field-search" />
      <Field label="Last event from" type="datetime-local" value={filters.since ?? ''} onChange={(value) => onChange({ ...filters, since: value || undefined })} className="field-time" />
      <Field label="Until" type="datetime-local" value={filters.until ?? ''} onChange={(value) => onChange({ ...filters, until: value || undefined })} className="field-time" />
      <div className="filter-bar-actions">
        <Button
          disabled={!hasFilters(filters) && drafts.name === '' && drafts.worker === '' && drafts.search === ''}
          onClick={() => {
            setDrafts(draftsOf({}));
            onChange({});
          }}
        >
          Clear filters
        </Button>
      </div>
      <datalist id={`${id}-workers`}>
        {workers.map((worker) => (
          <option key={worker} value={worker} />
        ))}
      </datalist>
    </div>
  );
}
