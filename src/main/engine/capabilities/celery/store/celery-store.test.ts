import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { createTaskRecord } from '../events/task-record.ts';
import { createWorkerRecord } from '../events/worker-record.ts';
import type { TaskRecord } from '../events/index.ts';
import { openMemoryDatabase } from '../../../store.ts';
import { CeleryStore, REJECTED_BODY_LIMIT } from './celery-store.ts';

const task = (uuid: string, fields: Partial<TaskRecord>): TaskRecord => ({ ...createTaskRecord(uuid, 1000), ...fields });

describe('CeleryStore', () => {
  let db: Database;
  let store: CeleryStore;
  beforeEach(() => {
    db = openMemoryDatabase();
    db.exec(`INSERT INTO tenants (id, name, created_at) VALUES (1, 't', 'now');
             INSERT INTO deployments (id, tenant_id, name, created_at, updated_at) VALUES (1, 1, 'd', 'now', 'now');`);
    store = new CeleryStore(db);
  });
  afterEach(() => db.close());

  it('round-trips task and worker records field for field', () => {
    const full = task('t1', {
      name: 'tach.add', state: 'SUCCESS', args: '(1, 2)', kwargs: '{}', result: '3', runtime: 0.01, retries: 0,
      worker: 'w@h', client: 'c@h', queue: 'celery', terminated: false, signum: 15, received: 10.5, started: 11, succeeded: 12, lastEventAt: 12_000,
    });
    const worker = { ...createWorkerRecord('w@h', 500), freq: 2, loadavg: [0.1, 0.2, 0.3], heartbeats: [900, 1000], lastHeartbeat: 1000, driftExceeded: true, drift: 20 };
    store.save(1, [full], [worker], []);
    expect(store.task(1, 't1')).toEqual(full);
    expect(store.workers(1)).toEqual([worker]);
    expect(store.loadRecent(1, 10)).toEqual({ tasks: [full], workers: [worker] });
  });

  it('merges a partial record of an evicted task instead of erasing what is stored', () => {
    store.save(1, [task('t1', { name: 'tach.add', args: '(1, 2)', state: 'STARTED', worker: 'w@h', received: 10, started: 11, lastEventAt: 11_000 })], [], []);
    // Evicted, then its task-succeeded arrives: the new record knows only what that event said.
    store.save(1, [task('t1', { state: 'SUCCESS', result: '3', succeeded: 12, worker: 'w@h', lastEventAt: 12_000 })], [], []);
    expect(store.task(1, 't1')).toMatchObject({ name: 'tach.add', args: '(1, 2)', state: 'SUCCESS', result: '3', received: 10, started: 11, succeeded: 12, lastEventAt: 12_000 });
  });

  it('keeps the state with the higher precedence when a late partial record arrives', () => {
    store.save(1, [task('t1', { state: 'SUCCESS', succeeded: 12, lastEventAt: 12_000 })], [], []);
    store.save(1, [task('t1', { state: 'STARTED', started: 11, worker: 'late@h', lastEventAt: 13_000 })], [], []);
    expect(store.task(1, 't1')).toMatchObject({ state: 'SUCCESS', started: 11, succeeded: 12, lastEventAt: 13_000 });
    // RETRY is exempt, as in Celery: a retried task moves on.
    store.save(1, [task('t2', { state: 'STARTED', lastEventAt: 1 })], [], []);
    store.save(1, [task('t2', { state: 'RETRY', lastEventAt: 2 })], [], []);
    store.save(1, [task('t2', { state: 'RECEIVED', lastEventAt: 3 })], [], []);
    expect(store.task(1, 't2')?.state).toBe('RECEIVED');
  });

  it('pages newest first with a keyset cursor and filters by state, name, worker, time and text', () => {
    const tasks = Array.from({ length: 25 }, (_, i) =>
      task(`t${String(i).padStart(2, '0')}`, { name: i % 2 ? 'tach.add' : 'tach.fail', state: i % 2 ? 'SUCCESS' : 'FAILURE', exception: i % 2 ? null : `ValueError('boom ${i}')`, worker: `w${i % 3}@h`, lastEventAt: 1000 + i }),
    );
    store.save(1, tasks, [], []);
    const first = store.tasks(1, { limit: 10 });
    expect(first.map((t) => t.uuid)).toEqual(['t24', 't23', 't22', 't21', 't20', 't19', 't18', 't17', 't16', 't15']);
    const last = first.at(-1) as TaskRecord;
    const second = store.tasks(1, { limit: 10, before: { lastEventAt: last.lastEventAt, uuid: last.uuid } });
    expect(second[0]?.uuid).toBe('t14');
    expect(store.tasks(1, { limit: 100, state: 'FAILURE' })).toHaveLength(13);
    expect(store.tasks(1, { limit: 100, name: 'tach.add', worker: 'w1@h' }).map((t) => t.uuid)).toEqual(['t19', 't13', 't07', 't01']);
    expect(store.tasks(1, { limit: 100, since: 1020, until: 1022 }).map((t) => t.uuid)).toEqual(['t22', 't21', 't20']);
    expect(store.tasks(1, { limit: 100, search: 'boom 12' }).map((t) => t.uuid)).toEqual(['t12']);
    expect(store.countsByState(1)).toEqual({ FAILURE: 13, SUCCESS: 12 });
  });

  it('finds each stored task for its next update while task keys move between levels, per deployment', () => {
    db.exec("INSERT INTO deployments (id, tenant_id, name, created_at, updated_at) VALUES (2, 1, 'e', 'now', 'now')");
    const small = new CeleryStore(db, { fresh: 5, recent: 12, slices: 3 });
    const uuids = Array.from({ length: 60 }, (_, i) => `task-${i}`);
    for (let i = 0; i < uuids.length; i += 6) small.save(1, uuids.slice(i, i + 6).map((u) => task(u, { state: 'RECEIVED', name: 'tach.add', lastEventAt: 1000 })), [], []);
    // The same task ids in another deployment are other tasks.
    small.save(2, uuids.slice(0, 3).map((u) => task(u, { state: 'FAILURE', lastEventAt: 1500 })), [], []);
    for (let i = 0; i < uuids.length; i += 7) small.save(1, uuids.slice(i, i + 7).map((u) => task(u, { state: 'SUCCESS', result: '3', lastEventAt: 2000 })), [], []);
    expect(db.prepare('SELECT count(*) FROM celery_tasks').pluck().get()).toBe(63);
    expect(small.countsByState(1)).toEqual({ SUCCESS: 60 });
    expect(small.countsByState(2)).toEqual({ FAILURE: 3 });
    for (const uuid of uuids) expect(small.task(1, uuid)).toMatchObject({ name: 'tach.add', state: 'SUCCESS', result: '3' });
    expect(small.tasks(1, { limit: 5, search: 'task-42' }).map((t) => t.uuid)).toEqual(['task-42']);
    expect(db.prepare('SELECT count(*) FROM celery_task_keys').pluck().get()).toBeGreaterThan(0);
  });

  it('keeps a rejected message with its reason, cutting a huge body but recording its size', () => {
    const body = Buffer.alloc(REJECTED_BODY_LIMIT + 10, 0x61);
    store.save(1, [], [], [{ receivedAt: 5, routingKey: 'task.multi', contentType: 'text/plain', reason: 'not JSON', body }]);
    const [row] = store.rejected(1, 10);
    expect(row).toMatchObject({ routing_key: 'task.multi', reason: 'not JSON', body_size: REJECTED_BODY_LIMIT + 10 });
    expect(row?.body.length).toBe(REJECTED_BODY_LIMIT);
    expect(store.rejectedCount(1)).toBe(1);
  });

  it('knows its installation id', () => {
    expect(store.installId()).toMatch(/^[0-9a-f]{12}$/);
  });
});
