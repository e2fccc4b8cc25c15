import { describe, expect, it } from 'vitest';
import { CeleryState } from './celery-state.ts';
import { createTaskRecord } from './task-record.ts';
import { workerStatus } from './worker-liveness.ts';
import { createWorkerRecord } from './worker-record.ts';
import { CLIENT, T0, WORKER, celeryEvent, heartbeat, received, taskEvent } from './test-events.ts';

const state = (maxTasks = 100, maxWorkers = 10) => new CeleryState({ maxTasks, maxWorkers });
const ids = (s: CeleryState) => [...s.tasks()].map((t) => t.uuid);

describe('CeleryState: memory bounds and dirty tracking', () => {
  it('keeps maxTasks tasks in memory but drains every task that changed', () => {
    const s = state(3);
    for (let i = 0; i < 10; i += 1) s.apply(received(`t${i}`, T0 + i));
    expect(s.taskCount).toBe(3);
    expect(ids(s)).toEqual(['t7', 't8', 't9']);
    const drained = s.drainDirty();
    expect(drained.tasks.map((t) => t.uuid).sort()).toEqual(['t0', 't1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9']);
    expect(drained.tasks.every((t) => t.state === 'RECEIVED' && t.name === 'app.add')).toBe(true);
    expect(s.dirtyCount).toBe(0);
    expect(s.drainDirty().tasks).toEqual([]);
    expect(s.task('t0')).toBeUndefined();
  });

  it('evicts the task with the oldest event, not the oldest task', () => {
    const s = state(2);
    s.apply(received('a', T0));
    s.apply(received('b', T0 + 1));
    s.apply(taskEvent('task-started', 'a', T0 + 2));
    s.apply(received('c', T0 + 3));
    expect(ids(s)).toEqual(['a', 'c']);
  });

  it('takes back an evicted task that is still dirty, so one drain has one merged record', () => {
    const s = state(1);
    s.apply(received('a', T0));
    s.apply(received('b', T0 + 1));
    expect(s.task('a')).toMatchObject({ state: 'RECEIVED' }); // held until drained
    s.apply(taskEvent('task-succeeded', 'a', T0 + 2, { result: '5' }));
    const drained = s.drainDirty().tasks;
    expect(drained).toHaveLength(2);
    expect(drained.find((t) => t.uuid === 'a')).toMatchObject({ state: 'SUCCESS', name: 'app.add', result: '5', received: T0 });
  });

  it('starts a fresh record for a task evicted after it was drained (the store merges it)', () => {
    const s = state(1);
    s.apply(received('a', T0));
    s.apply(received('b', T0 + 1));
    s.drainDirty();
    s.apply(taskEvent('task-succeeded', 'a', T0 + 2, { result: '5' }));
    expect(s.drainDirty().tasks).toEqual([expect.objectContaining({ uuid: 'a', state: 'SUCCESS', name: null, received: null })]);
  });

  it('bounds workers the same way', () => {
    const s = state(10, 2);
    for (const host of ['w1', 'w2', 'w3']) s.apply(celeryEvent('worker-online', { hostname: host, freq: 2 }, T0));
    expect([...s.workers()].map((w) => w.hostname)).toEqual(['w2', 'w3']);
    expect(s.drainDirty().workers.map((w) => w.hostname)).toEqual(['w1', 'w2', 'w3']);
  });

  it('drains copies, which later events do not change', () => {
    const s = state();
    s.apply(heartbeat(T0));
    s.apply(received('a', T0));
    const first = s.drainDirty();
    s.apply(heartbeat(T0 + 2, { active: 1 }));
    s.apply(taskEvent('task-started', 'a', T0 + 2));
    expect(first.tasks[0]?.state).toBe('RECEIVED');
    expect(first.workers[0]).toMatchObject({ active: 0, heartbeats: [T0 * 1000] });
    expect(JSON.parse(JSON.stringify(first))).toEqual(first);
  });
});

describe('CeleryState: counters', () => {
  it('counts tasks in memory by state and by name, through transitions and evictions', () => {
    const s = state(3);
    s.apply(received('a', T0, { name: 'app.add' }));
    s.apply(received('b', T0, { name: 'app.mul' }));
    s.apply(taskEvent('task-started', 'c', T0)); // name not known yet
    s.apply(taskEvent('task-succeeded', 'a', T0 + 1));
    expect(s.counts()).toEqual({ total: 3, byState: { SUCCESS: 1, RECEIVED: 1, STARTED: 1 }, byName: { 'app.add': 1, 'app.mul': 1 } });
    s.apply(received('d', T0 + 2, { name: 'app.add' })); // evicts b, the least recently updated
    expect(s.counts()).toEqual({ total: 3, byState: { SUCCESS: 1, STARTED: 1, RECEIVED: 1 }, byName: { 'app.add': 2 } });
  });

  it('counts events by type since the last drain, generic ones flagged', () => {
    const s = state();
    s.apply(heartbeat(T0));
    s.apply(heartbeat(T0 + 2));
    s.apply(received('a', T0));
    s.apply(celeryEvent('worker-elect', { id: 'x' }, T0));
    expect(s.eventCounts()).toEqual({ total: 4, generic: 1, byType: { 'worker-heartbeat': 2, 'task-received': 1, 'worker-elect': 1 } });
    expect(s.drainDirty().events.total).toBe(4);
    expect(s.eventCounts()).toEqual({ total: 0, generic: 0, byType: {} });
  });

  it('keeps hostile names as plain keys', () => {
    const s = state();
    s.apply(received('a', T0, { name: '__proto__' }));
    expect(Object.getPrototypeOf(s.counts().byName)).toBe(Object.prototype);
    expect(s.counts().byName['__proto__']).toBe(1);
  });
});

describe('CeleryState: workers', () => {
  it('copies heartbeat fields; an on-demand heartbeat (freq and sw_* only) keeps the rest, freq included', () => {
    const s = state();
    s.apply(heartbeat(T0, { active: 2, processed: 7, freq: 1 }));
    // Celery's reply to the `heartbeat` remote command: freq=5 whatever the worker's interval.
    s.apply(celeryEvent('worker-heartbeat', { freq: 5, sw_ident: 'py-celery', sw_ver: '5.2.6', sw_sys: 'Linux' }, T0 + 1));
    expect(s.worker(WORKER)).toMatchObject({ freq: 1, active: 2, processed: 7, pid: 4242, swVer: '5.2.6', loadavg: [0.1, 0.2, 0.3], heartbeatsReceived: 2, firstSeen: T0 * 1000 });
    const worker = s.worker(WORKER);
    if (!worker) throw new Error('no worker');
    // Still expires 2 x its real freq (1 s) after that last sign of life, not 2 x 5 s.
    expect(workerStatus(worker, (T0 + 1) * 1000 + 2100)).toBe('offline');
  });

  it('takes the freq of an on-demand heartbeat when it knows none', () => {
    const s = state();
    s.apply(celeryEvent('worker-heartbeat', { freq: 5, sw_ident: 'py-celery' }, T0));
    expect(s.worker(WORKER)?.freq).toBe(5);
  });

  it('goes offline 2 x freq after the last heartbeat, and at once on worker-offline', () => {
    const s = state();
    s.apply(heartbeat(T0));
    const worker = s.worker(WORKER);
    if (worker === undefined) throw new Error('no worker');
    expect(workerStatus(worker, T0 * 1000 + 3900)).toBe('online');
    expect(workerStatus(worker, T0 * 1000 + 4100)).toBe('offline');
    s.apply(celeryEvent('worker-offline', { freq: 2 }, T0 + 1));
    expect(workerStatus(worker, T0 * 1000 + 1001)).toBe('offline');
    s.apply(celeryEvent('worker-online', { freq: 2 }, T0 + 5));
    expect(workerStatus(worker, T0 * 1000 + 5001)).toBe('online');
  });

  it('flags clock drift over 16 s', () => {
    const s = state();
    s.apply(heartbeat(T0, {}, (T0 + 20) * 1000));
    expect(s.worker(WORKER)).toMatchObject({ drift: 20, driftExceeded: true });
    s.apply(heartbeat(T0 + 30, {}, (T0 + 31) * 1000));
    expect(s.worker(WORKER)).toMatchObject({ drift: 1, driftExceeded: false });
  });

  it("refreshes a worker's heartbeats from its task events with OUR receipt time", () => {
    // Celery's worker.event(None, local_received, timestamp) swaps the two, so it stores
    // the sender's timestamp; we store the receipt, as for heartbeats (see worker-liveness.ts).
    const s = state();
    const skewed = { ...received('a', T0 + 100), localReceived: T0 * 1000 };
    s.apply(skewed);
    expect(s.worker(WORKER)).toMatchObject({ heartbeats: [T0 * 1000], freq: null, drift: -100 });
  });

  it('does not take the client of task-sent for a worker', () => {
    const s = state();
    s.apply(celeryEvent('task-sent', { uuid: 'a', name: 'app.add' }, T0));
    expect(s.worker(CLIENT)).toBeUndefined();
    expect(s.task('a')).toMatchObject({ client: CLIENT, worker: null, state: 'PENDING' });
  });

  it('treats other worker-* events as signs of life and custom task-* events as custom states', () => {
    const s = state();
    s.apply(celeryEvent('worker-elect', { id: 'x' }, T0));
    expect(s.worker(WORKER)?.heartbeats).toEqual([T0 * 1000]);
    s.apply(taskEvent('task-started', 'a', T0));
    s.apply(celeryEvent('task-progress', { uuid: 'a', done: 5 }, T0 + 1));
    expect(s.task('a')?.state).toBe('PROGRESS');
    s.apply(celeryEvent('app-custom', {}, T0 + 2));
    expect(s.eventCounts().generic).toBe(3);
  });
});

describe('CeleryState.load', () => {
  it('rehydrates in LRU order by lastEventAt, keeping the most recent within the limits', () => {
    const s = state(2, 1);
    const task = (uuid: string, at: number, taskState = 'SUCCESS') => ({ ...createTaskRecord(uuid, at), state: taskState, name: 'app.add' });
    s.load([task('old', 1), task('newest', 3), task('mid', 2, 'FAILURE')], [createWorkerRecord('w1', 5), createWorkerRecord('w2', 9)]);
    expect(ids(s)).toEqual(['mid', 'newest']);
    expect([...s.workers()].map((w) => w.hostname)).toEqual(['w2']);
    expect(s.counts()).toEqual({ total: 2, byState: { FAILURE: 1, SUCCESS: 1 }, byName: { 'app.add': 2 } });
    expect(s.dirtyCount).toBe(0);
    s.apply(received('next', T0));
    expect(ids(s)).toEqual(['newest', 'next']);
  });

  it('prefers what is in memory to what was stored, and does not keep the caller\u2019s objects', () => {
    const s = state();
    s.apply(received('a', T0));
    const stored = { ...createTaskRecord('a', 0), state: 'PENDING' };
    const storedWorker = { ...createWorkerRecord('w9', 0), heartbeats: [1, 2, 3, 4, 5, 6] };
    s.load([stored], [storedWorker]);
    expect(s.task('a')?.state).toBe('RECEIVED');
    expect(s.worker('w9')?.heartbeats).toEqual([3, 4, 5, 6]);
    expect(storedWorker.heartbeats).toHaveLength(6);
  });
});
