import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { createCoalescedRefetch, isLiveCeleryQuery } from './use-celery-live.ts';

/** A query whose fetches the test resolves by hand, counting them. */
function setup() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const pending: ((value: number) => void)[] = [];
  let fetches = 0;
  const queryKey = ['celery.workers', { deploymentId: 1 }];
  const observer = new QueryObserver(client, {
    queryKey,
    queryFn: () => {
      fetches += 1;
      return new Promise<number>((resolve) => pending.push(resolve));
    },
  });
  const unsubscribe = observer.subscribe(() => {});
  const settle = async () => {
    pending.shift()?.(fetches);
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { client, settle, fetches: () => fetches, unsubscribe };
}

describe('live Celery refetches', () => {
  it('matches only the shown deployment and the live channels', () => {
    expect(isLiveCeleryQuery(['celery.tasks', { deploymentId: 1, state: 'FAILURE' }], 1)).toBe(true);
    expect(isLiveCeleryQuery(['celery.tasks', { deploymentId: 2 }], 1)).toBe(false);
    expect(isLiveCeleryQuery(['deployments.get', { id: 1 }], 1)).toBe(false);
  });

  it('keeps one request in flight per query: changes meanwhile cost one refetch after it', async () => {
    const { client, settle, fetches, unsubscribe } = setup();
    const refetcher = createCoalescedRefetch(client, (key) => isLiveCeleryQuery(key, 1));
    expect(fetches()).toBe(1);

    // Three changes while the first request is out: nothing is cancelled or duplicated.
    refetcher.trigger();
    refetcher.trigger();
    refetcher.trigger();
    expect(fetches()).toBe(1);

    await settle();
    expect(fetches()).toBe(2);
    await settle();
    expect(fetches()).toBe(2);

    // Idle: a change refetches at once.
    refetcher.trigger();
    expect(fetches()).toBe(3);
    await settle();
    refetcher.dispose();
    unsubscribe();
  });
});
