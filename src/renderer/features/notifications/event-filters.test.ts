import { describe, expect, it } from 'vitest';
import { filtersFromSearch, searchFromFilters } from './event-filters.ts';

describe('event filters in the URL', () => {
  it('uses the REST API names and round-trips', () => {
    const filters = filtersFromSearch('event_type=compute.instance.create.end&request_id=req-1&errors=1&priority=ERROR&since=2026-11-23T10:00:00Z&junk=1');
    expect(filters).toEqual({ eventType: 'compute.instance.create.end', requestId: 'req-1', errorsOnly: true, priority: 'ERROR', since: '2026-11-23T10:00:00.000Z' });
    expect(filtersFromSearch(searchFromFilters(filters))).toEqual(filters);
  });

  it('drops a time that is not one', () => {
    expect(filtersFromSearch('since=yesterday')).toEqual({});
  });
});
