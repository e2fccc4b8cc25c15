import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openMemoryDatabase } from '../../../store.ts';
import { tenantsAndDeployments } from '../../../kernel/migrations/001-tenants-and-deployments.ts';
import { deploymentSettings } from '../../../kernel/migrations/002-deployment-settings.ts';
import { celery } from './003-celery.ts';
import { MIGRATIONS } from '../../../migrations.ts';

const UP_TO_3 = [tenantsAndDeployments, deploymentSettings, celery];

describe('migration 003: celery', () => {
  let db: Database | undefined;
  afterEach(() => db?.close());

  it('is the third step', () => {
    expect(celery.version).toBe(3);
    expect(MIGRATIONS[2]).toBe(celery);
  });

  it('gives the installation a random id for naming its queues', () => {
    db = openMemoryDatabase(UP_TO_3);
    const other = openMemoryDatabase(UP_TO_3);
    const id = (d: Database) => (d.prepare("SELECT value FROM meta WHERE key = 'install_id'").get() as { value: string }).value;
    expect(id(db)).toMatch(/^[0-9a-f]{12}$/);
    expect(id(db)).not.toBe(id(other));
    other.close();
  });

  it('keeps workers, tasks, rejected events and snapshots per deployment, removed with it', () => {
    db = openMemoryDatabase(UP_TO_3);
    db.exec(`
      INSERT INTO tenants (id, name, created_at) VALUES (1, 'acme', 'now');
      INSERT INTO deployments (id, tenant_id, name, created_at, updated_at) VALUES (5, 1, 'prod', 'now', 'now');
      INSERT INTO celery_workers (deployment_id, hostname, first_seen, last_event_at) VALUES (5, 'celery@a', 1, 1);
      INSERT INTO celery_tasks (deployment_id, uuid, state, last_event_at) VALUES (5, 't1', 'SUCCESS', 2);
      INSERT INTO celery_rejected (deployment_id, received_at, routing_key, reason, body, body_size) VALUES (5, 3, 'task.multi', 'bad', x'00', 1);
      INSERT INTO celery_snapshots (deployment_id, taken_at, data) VALUES (5, 4, '{}');
    `);
    expect(() => db?.exec(`INSERT INTO celery_tasks (deployment_id, uuid, state, last_event_at) VALUES (5, 't1', 'FAILURE', 3)`)).toThrow(/UNIQUE/);
    db.exec('DELETE FROM deployments WHERE id = 5');
    for (const table of ['celery_workers', 'celery_tasks', 'celery_rejected', 'celery_snapshots']) {
      expect(db.prepare(`SELECT count(*) AS n FROM ${table}`).get(), table).toEqual({ n: 0 });
    }
  });

  it('reads the newest tasks of one state through an index, not a scan', () => {
    db = openMemoryDatabase(UP_TO_3);
    const plan = db
      .prepare("EXPLAIN QUERY PLAN SELECT uuid FROM celery_tasks WHERE deployment_id = 1 AND state = 'FAILURE' ORDER BY last_event_at DESC LIMIT 50")
      .all() as { detail: string }[];
    expect(plan.map((row) => row.detail).join(' ')).toContain('USING INDEX celery_tasks_by_state');
  });
});
