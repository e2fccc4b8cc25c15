// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { normalizeHashQuery } from './hash-query.ts';

afterEach(() => {
  history.replaceState(null, '', '/');
});

describe('normalizeHashQuery', () => {
  it('moves a query written inside the hash to the search, where the app reads filters', () => {
    history.replaceState(null, '', '/#/deployments/1/celery/tasks?state=FAILURE&q=boom');
    normalizeHashQuery();
    expect(location.search).toBe('?state=FAILURE&q=boom');
    expect(location.hash).toBe('#/deployments/1/celery/tasks');
  });

  it('clears a stale search for an empty query, and leaves clean URLs alone', () => {
    history.replaceState(null, '', '/?state=FAILURE#/deployments/1/celery?');
    normalizeHashQuery();
    expect(location.search).toBe('');
    expect(location.hash).toBe('#/deployments/1/celery');

    history.replaceState(null, '', '/?state=SUCCESS#/deployments/1/celery/tasks');
    normalizeHashQuery();
    expect(location.search).toBe('?state=SUCCESS');
  });
});
