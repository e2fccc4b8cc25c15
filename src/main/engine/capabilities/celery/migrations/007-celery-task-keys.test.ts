import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../kernel/store/migrate.ts';
import { openMemoryDatabase } from '../../../store.ts';
import { uuidKey } from '../../../kernel/store/uuid-key.ts';
import { tenantsAndDeployments } from '../../../kernel/migrations/001-tenants-and-deployments.ts';
import { deploymentSettings } from '../../../kernel/migrations/002-deployment-settings.ts';
import { celery } from './003-celery.ts';
import { celeryTaskKeys } from './007-celery-task-keys.ts';
import { MIGRATIONS } from '../../../migrations.ts';

describe('migration 007: celery task keys', () => {
  let db: Database | undefined;
  afterEach(() => db?.close());

  it('follows the celery step', () => {
    expect(celeryTaskKeys.version).toBe(7);
    expect(MIGRATIONS.indexOf(celeryTaskKeys)).toBeGreaterThan(MIGRATIONS.indexOf(celery));
  });

  it('keeps every stored task, field for field, keyed in arrival order and findable by its hash', () => {
    db = openMemoryDatabase([tenantsAndDeployments, deploymentSettings, celery]);
    db.exec(`
      INSERT INTO tenants (id, name, created_at) VALUES (1, 'acme', 'now');
      INSERT INTO deployments (id, tenant_id, name, created_at, updated_at) VALUES (5, 1, 'prod', 'now', 'now');
      INSERT INTO celery_tasks (deployment_id, uuid, name, state, args, result, runtime, received, succeeded, last_event_at)
        VALUES (5, 'later', 'tach.add', 'SUCCESS', '(1, 2)', '3', 0.5, 10.5, 11, 2000),
               (5, 'earlier', 'tach.fail', 'FAILURE', NULL, NULL, NULL, 9, NULL, 1000);
    `);
    const before = db.prepare('SELECT * FROM celery_tasks ORDER BY last_event_at').all();
    migrate(db, [tenantsAndDeployments, deploymentSettings, celery, celeryTaskKeys]);
    const after = db.prepare('SELECT * FROM celery_tasks ORDER BY id').all() as Record<string, unknown>[];
    expect(after.map(({ id: _id, uuid_key: _key, searchable, ...rest }) => (expect(searchable).toBe(0), rest))).toEqual(before);
    expect(after.map((row) => row.uuid)).toEqual(['earlier', 'later']);
    expect(after.map((row) => row.uuid_key)).toEqual([uuidKey('earlier'), uuidKey('later')]);
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT id FROM celery_tasks WHERE deployment_id = 5 AND uuid_key = ? AND uuid = 'later'").all(uuidKey('later'));
    expect(JSON.stringify(plan)).toContain('celery_tasks_by_key');
    db.exec('DELETE FROM deployments WHERE id = 5');
    expect(db.prepare('SELECT count(*) AS n FROM celery_tasks').get()).toEqual({ n: 0 });
  });
});
