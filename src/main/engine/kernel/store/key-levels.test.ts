import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openMemoryDatabase } from '../../store.ts';
import { CELERY_TASK_KEYS, TASK_LOCATION, KeyLevels } from './key-levels.ts';

const TOP = 2 ** 53 - 1;

describe('KeyLevels', () => {
  let db: Database;
  beforeEach(() => {
    db = openMemoryDatabase();
    db.exec(`INSERT INTO tenants (id, name, created_at) VALUES (1, 't', 'now');
             INSERT INTO deployments (id, tenant_id, name, created_at, updated_at) VALUES (1, 1, 'd', 'now', 'now'), (2, 1, 'e', 'now', 'now');`);
  });
  afterEach(() => db.close());

  const locate = (deploymentId: number, key: number): number[] => db.prepare<[number, number], number>(TASK_LOCATION).pluck().all(deploymentId, key);
  const level = (table: string): number => db.prepare<[], number>(`SELECT count(*) FROM ${table}`).pluck().get() ?? 0;

  it('finds every key in whatever level it is, while keys move down and a sweep goes slice by slice', () => {
    const levels = new KeyLevels(db, CELERY_TASK_KEYS, { fresh: 3, recent: 5, slices: 4 });
    // Keys across the whole key space, both ends included, and one key shared by two deployments.
    const keys = [0, TOP, 2 ** 51, 2 ** 52 + 7, 3 * 2 ** 51 - 1, 3 * 2 ** 51, 12345, 2 ** 50, 99, TOP - 1, 2 ** 52];
    const stored: [number, number, number][] = [];
    keys.forEach((key, index) => {
      const entry: [number, number, number] = [key, index === 4 ? 2 : 1, index + 1];
      levels.add(...entry);
      stored.push(entry);
      levels.settle();
      for (const [k, deployment, id] of stored) expect(locate(deployment, k)).toEqual([id]);
    });
    expect(level('celery_task_keys')).toBeGreaterThan(0);
    expect(level('celery_task_keys_fresh') + level('celery_task_keys_recent') + level('celery_task_keys')).toBe(keys.length);
    expect(locate(1, keys[4] as number)).toEqual([]);
  });

  it('moves the fresh level down when it is full, and sweeps the recent level whole in `slices` steps', () => {
    const levels = new KeyLevels(db, CELERY_TASK_KEYS, { fresh: 4, recent: 8, slices: 4 });
    const spread = (i: number) => Math.floor((i / 8) * 2 ** 53);
    for (let i = 0; i < 8; i += 1) {
      levels.add(spread(i), 1, i + 1);
      levels.settle();
    }
    expect(levels.sizes).toEqual({ fresh: 0, recent: 6, sweeping: true });
    for (let step = 1; step < 4; step += 1) levels.settle();
    expect(levels.sizes).toEqual({ fresh: 0, recent: 0, sweeping: false });
    expect(level('celery_task_keys')).toBe(8);
    // Moves keep the key order: the settled level reads back sorted.
    expect(db.prepare('SELECT uuid_key FROM celery_task_keys').pluck().all()).toEqual(Array.from({ length: 8 }, (_, i) => spread(i)));
  });

  it('reads its sizes again after a transaction that rolled back', () => {
    const levels = new KeyLevels(db, CELERY_TASK_KEYS, { fresh: 100, recent: 100, slices: 2 });
    expect(() =>
      db.transaction(() => {
        levels.add(1, 1, 1);
        levels.add(2, 1, 2);
        throw new Error('the batch failed');
      })(),
    ).toThrow('the batch failed');
    expect(levels.sizes.fresh).toBe(2);
    levels.recount();
    expect(levels.sizes.fresh).toBe(0);
  });

  it('forgets a deleted task in every level (trigger), and a deleted deployment’s tasks', () => {
    const levels = new KeyLevels(db, CELERY_TASK_KEYS, { fresh: 2, recent: 100, slices: 2 });
    const insert = db.prepare("INSERT INTO celery_tasks (deployment_id, uuid, uuid_key, state, last_event_at) VALUES (?, ?, ?, 'SUCCESS', 0)");
    for (const [deployment, key] of [[1, 10], [1, 20], [2, 30]] as const) {
      levels.add(key, deployment, Number(insert.run(deployment, `u${key}`, key).lastInsertRowid));
      levels.settle();
    }
    expect(level('celery_task_keys_recent')).toBe(2);
    db.prepare('DELETE FROM celery_tasks WHERE uuid = ?').run('u10');
    expect(locate(1, 10)).toEqual([]);
    db.prepare('DELETE FROM deployments WHERE id = 2').run();
    expect(locate(2, 30)).toEqual([]);
    expect(locate(1, 20)).toHaveLength(1);
  });
});
