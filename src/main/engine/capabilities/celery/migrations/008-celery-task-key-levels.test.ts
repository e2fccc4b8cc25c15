import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../kernel/store/migrate.ts';
import { openMemoryDatabase } from '../../../store.ts';
import { TASK_LOCATION } from '../../../kernel/store/key-levels.ts';
import { uuidKey } from '../../../kernel/store/uuid-key.ts';
import { celeryKeyLevels } from './008-celery-task-key-levels.ts';
import { MIGRATIONS } from '../../../migrations.ts';

describe('migration 008: celery task key levels', () => {
  let db: Database | undefined;
  afterEach(() => db?.close());

  it('moves every stored task’s key into the settled level, in key order, and drops the old index', () => {
    const before = MIGRATIONS.filter((m) => m.version < celeryKeyLevels.version);
    db = openMemoryDatabase(before);
    db.exec(`
      INSERT INTO tenants (id, name, created_at) VALUES (1, 'acme', 'now');
      INSERT INTO deployments (id, tenant_id, name, created_at, updated_at) VALUES (5, 1, 'prod', 'now', 'now');
      INSERT INTO celery_tasks (deployment_id, uuid, uuid_key, state, last_event_at)
        VALUES (5, 'a', tach_uuid_key('a'), 'SUCCESS', 1), (5, 'b', tach_uuid_key('b'), 'FAILURE', 2), (5, 'c', tach_uuid_key('c'), 'STARTED', 3);
    `);
    migrate(db, MIGRATIONS);
    const settled = db.prepare('SELECT uuid_key, deployment_id, id FROM celery_task_keys').all();
    expect(settled).toEqual(
      ['a', 'b', 'c']
        .map((uuid, i) => ({ uuid_key: uuidKey(uuid), deployment_id: 5, id: i + 1 }))
        .sort((x, y) => x.uuid_key - y.uuid_key),
    );
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'celery_tasks_by_key'").get()).toEqual({ n: 0 });
    expect(db.prepare<[number, number], number>(TASK_LOCATION).pluck().all(5, uuidKey('b'))).toEqual([2]);
  });

  it('looks a key up with one primary-key probe per level', () => {
    db = openMemoryDatabase();
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT * FROM celery_tasks WHERE id IN (${TASK_LOCATION}) AND uuid = ?`).all(1, 2, 'x') as { detail: string }[];
    const details = plan.map((row) => row.detail);
    for (const table of ['celery_task_keys_fresh', 'celery_task_keys_recent', 'celery_task_keys']) {
      expect(details).toContain(`SEARCH ${table} USING PRIMARY KEY (uuid_key=? AND deployment_id=?)`);
    }
    expect(details.some((detail) => detail.startsWith('SCAN'))).toBe(false);
  });
});
