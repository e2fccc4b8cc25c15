import { describe, expect, it } from 'vitest';
import { celeryPaths, parseCeleryView } from './celery-paths.ts';
import { parseTaskFilters, taskFiltersSearch, toTasksQuery } from './task-filters.ts';
import { taskTimeline } from './task-timeline.ts';
import { celeryTask } from '../../../../test/support/fake-api/celery-seed.ts';

describe('Celery URLs', () => {
  it('round-trips worker host names and task ids through the path', () => {
    const paths = celeryPaths(7);
    const worker = paths.worker('celery@web-1.example').replace(/\?$/, '');
    expect(worker).toBe('/deployments/7/celery/workers/celery%40web-1.example');
    expect(parseCeleryView(worker.replace('/deployments/7/celery/', ''))).toEqual({ kind: 'worker', hostname: 'celery@web-1.example' });
    expect(parseCeleryView(undefined)).toEqual({ kind: 'workers' });
    expect(parseCeleryView('tasks')).toEqual({ kind: 'tasks' });
    expect(parseCeleryView('tasks/abc-1')).toEqual({ kind: 'task', uuid: 'abc-1' });
    expect(parseCeleryView('rejected')).toEqual({ kind: 'rejected' });
    expect(parseCeleryView('tasks/%E0%A4%A/x')).toEqual({ kind: 'unknown' });
    expect(parseCeleryView('workers/%E0%A4%A')).toEqual({ kind: 'unknown' });
  });

  it('keeps task filters in a stable query string and turns local times into ISO bounds', () => {
    const filters = parseTaskFilters('?q=%20timeout%20&state=failure&since=2026-11-23T10:00&until=yesterday&bogus=1');
    expect(filters).toEqual({ state: 'FAILURE', search: 'timeout', since: '2026-11-23T10:00' });
    expect(taskFiltersSearch(filters)).toBe('state=FAILURE&q=timeout&since=2026-11-23T10%3A00');
    expect(toTasksQuery(3, filters)).toEqual({ deploymentId: 3, state: 'FAILURE', search: 'timeout', since: new Date('2026-11-23T10:00').toISOString() });
  });
});

describe('task timeline', () => {
  it('orders the transitions by time with the gap before each', () => {
    const task = celeryTask('t', {
      sent: '2026-11-23T10:00:00.000Z',
      received: '2026-11-23T10:00:00.250Z',
      started: '2026-11-23T10:00:01.250Z',
      retried: null,
      succeeded: null,
      failed: '2026-11-23T10:00:03.750Z',
    });
    expect(taskTimeline(task).map(({ kind, sincePrevious }) => [kind, sincePrevious])).toEqual([
      ['sent', null],
      ['received', 0.25],
      ['started', 1],
      ['failed', 2.5],
    ]);
  });

  it('keeps "sent" first even when the client stamped it after the worker received the task', () => {
    const task = celeryTask('t', { sent: '2026-11-23T10:00:00.010Z', received: '2026-11-23T10:00:00.008Z', started: null, succeeded: null });
    expect(taskTimeline(task).map(({ kind, sincePrevious }) => [kind, sincePrevious])).toEqual([
      ['sent', null],
      ['received', -0.002],
    ]);
  });
});
