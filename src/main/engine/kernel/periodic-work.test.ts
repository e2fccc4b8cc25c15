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
    void work.stop();
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
    void work.stop();
  });

  it('does not schedule again when a run stops it', () => {
    const work = new PeriodicWork(() => {});
    let runs = 0;
    work.every(10, () => {
      runs += 1;
      void work.stop();
    });
    vi.advanceTimersByTime(100);
    expect(runs).toBe(1);
  });

  it('waits for an async run to settle before the next wait, and reports a rejection', async () => {
    const errors: unknown[] = [];
    const work = new PeriodicWork((error) => errors.push(error));
    const started: number[] = [];
    let finish!: () => void;
    work.every(100, () => {
      started.push(Date.now());
      return new Promise<void>((resolve, reject) => (finish = started.length === 1 ? resolve : () => reject(new Error('chunk failed'))));
    });
    await vi.advanceTimersByTimeAsync(100);
    expect(started).toHaveLength(1);
    // The first run is still in flight: no second one, however long it takes.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(started).toHaveLength(1);
    finish();
    await vi.advanceTimersByTimeAsync(100);
    expect(started).toHaveLength(2);
    finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(errors.map((e) => (e as Error).message)).toEqual(['chunk failed']);
    await work.stop();
  });

  it('resolves stop only once the run in flight has settled', async () => {
    const work = new PeriodicWork(() => {});
    let finish!: () => void;
    let finished = false;
    work.every(10, () => new Promise<void>((resolve) => (finish = () => ((finished = true), resolve()))));
    await vi.advanceTimersByTimeAsync(10);
    let stopped = false;
    const stopping = work.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(finished).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
  });
});
