import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PeriodicWork } from './periodic-work.ts';

describe('PeriodicWork', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs after each delay, reading the delay again each time, until stopped', () => {
    const errors: unknown[] = [];
    const work = new PeriodicWork((error) => errors.push(error));
    let delay = 100;
    const runs: number[] = [];
    work.every(() => delay, () => runs.push(Date.now()));
    vi.advanceTimersByTime(100);
    delay = 300;
    vi.advanceTimersByTime(300);
    expect(runs.length).toBe(2);
    work.stop();
    vi.advanceTimersByTime(10_000);
    expect(runs.length).toBe(2);
    expect(errors).toEqual([]);
  });

  it('reports a run that throws and keeps the schedule', () => {
    const errors: unknown[] = [];
    const work = new PeriodicWork((error) => errors.push(error));
    let runs = 0;
    work.every(50, () => {
      runs += 1;
      throw new Error(`run ${runs}`);
    });
    vi.advanceTimersByTime(150);
    expect(runs).toBe(3);
    expect(errors.map((e) => (e as Error).message)).toEqual(['run 1', 'run 2', 'run 3']);
    work.stop();
  });

  it('does not schedule again when a run stops it', () => {
    const work = new PeriodicWork(() => {});
    let runs = 0;
    work.every(10, () => {
      runs += 1;
      work.stop();
    });
    vi.advanceTimersByTime(100);
    expect(runs).toBe(1);
  });
});
