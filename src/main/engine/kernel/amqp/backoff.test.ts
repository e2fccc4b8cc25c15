import { describe, expect, it } from 'vitest';
import { Backoff, backoffPolicy, DEFAULT_BACKOFF, formatDelay, fullJitterDelay } from './backoff.ts';

const policy = { initialMs: 500, maxMs: 30_000 };

describe('fullJitterDelay', () => {
  it('spreads over [0, ceiling) where the ceiling doubles from the initial delay', () => {
    const top = () => 0.999_999;
    expect([1, 2, 3, 4, 5, 6].map((failures) => fullJitterDelay(failures, policy, top))).toEqual([
      499, 999, 1999, 3999, 7999, 15_999,
    ]);
    expect(fullJitterDelay(3, policy, () => 0)).toBe(0);
    expect(fullJitterDelay(3, policy, () => 0.5)).toBe(1000);
  });

  it('never exceeds the maximum, however many failures', () => {
    for (const failures of [7, 8, 20, 1000, 100_000]) {
      expect(fullJitterDelay(failures, policy, () => 0.999_999)).toBeLessThan(30_000);
      expect(fullJitterDelay(failures, policy, () => 0.5)).toBe(15_000);
    }
  });

  it('treats zero failures like the first', () => {
    expect(fullJitterDelay(0, policy, () => 0.5)).toBe(250);
  });
});

describe('Backoff', () => {
  it('grows with consecutive failures and starts over after reset', () => {
    const backoff = new Backoff(policy, () => 0.5);
    expect([backoff.next(), backoff.next(), backoff.next()]).toEqual([250, 500, 1000]);
    expect(backoff.failures).toBe(3);
    backoff.reset();
    expect(backoff.failures).toBe(0);
    expect(backoff.next()).toBe(250);
  });
});

describe('backoffPolicy', () => {
  it('fills in defaults and ignores nonsense', () => {
    expect(backoffPolicy(undefined)).toEqual(DEFAULT_BACKOFF);
    expect(backoffPolicy({ initialMs: 100 })).toEqual({ initialMs: 100, maxMs: 30_000 });
    expect(backoffPolicy({ initialMs: -1, maxMs: Number.NaN })).toEqual(DEFAULT_BACKOFF);
    expect(backoffPolicy({ initialMs: 5000, maxMs: 1000 })).toEqual({ initialMs: 5000, maxMs: 5000 });
  });
});

describe('formatDelay', () => {
  it('rounds to what a person reads', () => {
    expect(formatDelay(0)).toBe('0 s');
    expect(formatDelay(312)).toBe('0.3 s');
    expect(formatDelay(4000)).toBe('4 s');
    expect(formatDelay(4460)).toBe('4.5 s');
    expect(formatDelay(27_400)).toBe('27 s');
  });
});
