import { useId, useState, type FormEvent } from 'react';
import { useLocation, useSearch } from 'wouter';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { Checkbox } from '../../components/Checkbox.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Field } from '../../components/Field.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { FILTER_FIELDS, filtersFromSearch, searchFromFilters, type EventFilters } from './event-filters.ts';
import { EventsTable } from './EventsTable.tsx';
import { notificationPaths } from './notification-paths.ts';
import { useEventList } from './use-event-list.ts';

const PRIORITIES = ['DEBUG', 'INFO', 'AUDIT', 'WARN', 'ERROR', 'CRITICAL', 'SAMPLE'];
/** datetime-local has no zone: the console shows and takes UTC, as oslo stamps it. */
const toLocalInput = (iso: string | undefined) => (iso ? iso.slice(0, 19) : '');
const fromLocalInput = (value: string) => (value ? new Date(`${value}Z`).toISOString() : undefined);

function FilterBar({ filters, onApply }: { filters: EventFilters; onApply: (next: EventFilters) => void }) {
  const id = useId();
  const [draft, setDraft] = useState(filters);
  const [seen, setSeen] = useState(filters);
  // The URL changed from elsewhere (a link in the header, Back): the inputs follow it.
  if (searchFromFilters(filters) !== searchFromFilters(seen)) {
    setSeen(filters);
    setDraft(filters);
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: EventFilters = {};
    for (const field of FILTER_FIELDS) {
      const value = draft[field.key]?.trim();
      if (value) next[field.key] = value;
    }
    if (draft.priority) next.priority = draft.priority;
    if (draft.errorsOnly) next.errorsOnly = true;
    if (draft.since) next.since = draft.since;
    if (draft.until) next.until = draft.until;
    onApply(next);
  };
  return (
    <form className="filter-bar event-filters" role="search" aria-label="Filter events" onSubmit={submit}>
      {FILTER_FIELDS.map((field) => (
        <Field key={field.key} label={field.label} placeholder={field.placeholder} value={draft[field.key] ?? ''} onChange={(value) => setDraft({ ...draft, [field.key]: value })} />
      ))}
      <div className="field">
        <label htmlFor={`${id}-priority`}>Priority</label>
        <select id={`${id}-priority`} value={draft.priority ?? ''} onChange={(e) => setDraft({ ...draft, priority: e.target.value || undefined })}>
          <option value="">Any</option>
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </div>
      <Field label="Since (UTC)" type="datetime-local" step="1" value={toLocalInput(draft.since)} onChange={(v) => setDraft({ ...draft, since: fromLocalInput(v) })} />
      <Field label="Until (UTC)" type="datetime-local" step="1" value={toLocalInput(draft.until)} onChange={(v) => setDraft({ ...draft, until: fromLocalInput(v) })} />
      <Checkbox label="Errors only" checked={draft.errorsOnly ?? false} onChange={(checked) => setDraft({ ...draft, errorsOnly: checked || undefined })} />
      <div className="filter-actions">
        <Button type="submit" variant="primary">
          Filter
        </Button>
        <Button type="button" onClick={() => onApply({})}>
          Clear
        </Button>
      </div>
    </form>
  );
}

function EventList({ deploymentId, filters }: { deploymentId: number; filters: EventFilters }) {
  const list = useEventList(deploymentId, filters);
  if (list.error) {
    return (
      <div className="celery-view-error">
        <Alert title="Could not load the events">{list.error.message}</Alert>
        <Button onClick={() => void list.refetch()}>Retry</Button>
      </div>
    );
  }
  if (list.loading) return <Spinner label="Loading events…" />;
  if (list.rows.length === 0) {
    return (
      <EmptyState title={Object.keys(filters).length > 0 ? 'No event matches these filters' : 'No notification stored yet'}>
        Notifications appear here as the consumer stores them, newest first.
      </EmptyState>
    );
  }
  return <EventsTable deploymentId={deploymentId} {...list} olderError={list.olderError?.message} />;
}

/** StackTach's events browser: every stored notification, filtered, newest first; click one for its JSON. */
export function EventsView({ deploymentId }: { deploymentId: number }) {
  const search = useSearch();
  const [, navigate] = useLocation();
  const filters = filtersFromSearch(search);
  const key = searchFromFilters(filters);
  return (
    <div className="events-view" data-testid="events-view">
      <FilterBar filters={filters} onApply={(next) => navigate(notificationPaths(deploymentId).events(searchFromFilters(next)))} />
      <EventList key={key} deploymentId={deploymentId} filters={filters} />
    </div>
  );
}
