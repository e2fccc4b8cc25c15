import type { NotificationEventsQuery } from '../../../shared/contract/notification-schemas.ts';

/** The events browser's filters, as they appear in the URL (the REST API's names). */
export const FILTER_FIELDS = [
  { param: 'event_type', key: 'eventType', label: 'Event type', placeholder: 'compute.instance.create.end' },
  { param: 'instance', key: 'instance', label: 'Instance', placeholder: 'uuid' },
  { param: 'request_id', key: 'requestId', label: 'Request id', placeholder: 'req-…' },
  { param: 'tenant', key: 'tenant', label: 'Tenant', placeholder: 'project id' },
  { param: 'host', key: 'host', label: 'Host', placeholder: 'host1' },
  { param: 'service', key: 'service', label: 'Service', placeholder: 'compute' },
] as const;

export type EventFilters = Omit<NotificationEventsQuery, 'deploymentId' | 'limit' | 'before'>;

export function filtersFromSearch(search: string): EventFilters {
  const params = new URLSearchParams(search);
  const filters: EventFilters = {};
  for (const field of FILTER_FIELDS) {
    const value = params.get(field.param)?.trim();
    if (value) filters[field.key] = value;
  }
  const priority = params.get('priority');
  if (priority) filters.priority = priority;
  if (params.get('errors') === '1') filters.errorsOnly = true;
  for (const key of ['since', 'until'] as const) {
    const value = params.get(key);
    if (value && !Number.isNaN(Date.parse(value))) filters[key] = new Date(value).toISOString();
  }
  return filters;
}

export function searchFromFilters(filters: EventFilters): string {
  const params = new URLSearchParams();
  for (const field of FILTER_FIELDS) {
    const value = filters[field.key];
    if (value) params.set(field.param, value);
  }
  if (filters.priority) params.set('priority', filters.priority);
  if (filters.errorsOnly) params.set('errors', '1');
  if (filters.since) params.set('since', filters.since);
  if (filters.until) params.set('until', filters.until);
  return params.toString();
}
