import { describe, expect, it } from 'vitest';
import { heartbeatExpiresAt, recordHeartbeat, recordOffline, workerStatus } from './worker-liveness.ts';
import { createWorkerRecord } from './worker-record.ts';

const T = 1_795_426_728_000;

function workerWith(freq: number | null, ...receivedMs: number[]) {
  const worker = createWorkerRecord('w@h', T);
  worker.freq = freq;
  for (const at of receivedMs) recordHeartbeat(worker, at, at / 1000);
  return worker;
}

describe('workerStatus', () => {
  it('is online until last heartbeat + 2 x freq (HEARTBEAT_EXPIRE_WINDOW 200 %)', () => {
    const worker = workerWith(2, T);
    expect(heartbeatExpiresAt(worker)).toBe(T + 4000);
    expect(workerStatus(worker, T + 3900)).toBe('online');
    expect(workerStatus(worker, T + 4000)).toBe('offline');
    expect(workerStatus(worker, T + 4100)).toBe('offline');
  });

  it('is offline with no heartbeat at all', () => {
    expect(workerStatus(createWorkerRecord('w@h', T), T)).toBe('offline');
  });

  it("assumes Celery's 60 s when freq is unknown or not positive", () => {
    expect(workerStatus(workerWith(null, T), T + 119_000)).toBe('online');
    expect(workerStatus(workerWith(0, T), T + 121_000)).toBe('offline');
  });

  it('goes offline at once on worker-offline, keeping when it was last seen', () => {
    const worker = workerWith(2, T);
    recordOffline(worker, T + 100);
    expect(workerStatus(worker, T + 101)).toBe('offline');
    expect(worker).toMatchObject({ heartbeats: [], lastHeartbeat: T, offlineAt: T + 100 });
  });
});

describe('recordHeartbeat', () => {
  it('keeps the last 4 receipt times, ascending', () => {
    const worker = workerWith(2, T, T + 2000, T + 4000, T + 6000, T + 8000, T + 10_000);
    expect(worker.heartbeats).toEqual([T + 4000, T + 6000, T + 8000, T + 10_000]);
    expect(worker.lastHeartbeat).toBe(T + 10_000);
  });

  it('counts the events of one batch (same receipt time) once', () => {
    expect(workerWith(2, T, T, T).heartbeats).toEqual([T]);
  });

  it('inserts in order if our clock steps back', () => {
    const worker = workerWith(2, T, T + 2000, T + 4000);
    recordHeartbeat(worker, T + 1000, (T + 1000) / 1000);
    expect(worker.heartbeats).toEqual([T, T + 1000, T + 2000, T + 4000]);
    expect(worker.lastHeartbeat).toBe(T + 4000);
  });

  it('measures clock drift against our receipt and flags more than 16 s', () => {
    const worker = createWorkerRecord('w@h', T);
    recordHeartbeat(worker, T, T / 1000 - 10);
    expect(worker).toMatchObject({ drift: 10, driftExceeded: false });
    recordHeartbeat(worker, T + 2000, (T + 2000) / 1000 + 20);
    expect(worker).toMatchObject({ drift: -20, driftExceeded: true });
  });
});
