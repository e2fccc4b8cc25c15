import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openMemoryDatabase } from '../../../store.ts';
import { brokerHealth } from './004-broker-health.ts';
import { MIGRATIONS } from '../../../migrations.ts';

// Every step up to this one, whichever capability it belongs to (003 is Celery's).
const UP_TO_4 = MIGRATIONS.filter((m) => m.version <= brokerHealth.version);

describe('migration 004: broker health', () => {
  let db: Database | undefined;
  afterEach(() => db?.close());

  it('is the fourth step', () => {
    expect(brokerHealth.version).toBe(4);
    expect(MIGRATIONS[3]).toBe(brokerHealth);
  });

  it('keeps samples and alerts per deployment, removed with it', () => {
    db = openMemoryDatabase(UP_TO_4);
    db.exec(`
      INSERT INTO tenants (id, name, created_at) VALUES (1, 'acme', 'now');
      INSERT INTO deployments (id, tenant_id, name, created_at, updated_at) VALUES (5, 1, 'prod', 'now', 'now');
      INSERT INTO queue_samples (deployment_id, vhost, name, resolution, at, messages, consumers) VALUES (5, '/', 'q', 0, 1, 3, 0);
      INSERT INTO alerts (deployment_id, rule, subject, severity, message, opened_at) VALUES (5, 'queue.depth', '%2F/q', 'warning', 'deep', 1);
    `);
    db.exec('DELETE FROM deployments WHERE id = 5');
    for (const table of ['queue_samples', 'alerts']) expect(db.prepare(`SELECT count(*) AS n FROM ${table}`).get(), table).toEqual({ n: 0 });
  });

  it('allows one open alert per deployment, rule and subject, and any number of closed ones', () => {
    db = openMemoryDatabase(UP_TO_4);
    db.exec(`
      INSERT INTO tenants (id, name, created_at) VALUES (1, 'acme', 'now');
      INSERT INTO deployments (id, tenant_id, name, created_at, updated_at) VALUES (5, 1, 'prod', 'now', 'now');
      INSERT INTO alerts (deployment_id, rule, subject, severity, message, opened_at, closed_at) VALUES (5, 'r', 's', 'warning', 'm', 1, 2);
      INSERT INTO alerts (deployment_id, rule, subject, severity, message, opened_at, closed_at) VALUES (5, 'r', 's', 'warning', 'm', 3, 4);
      INSERT INTO alerts (deployment_id, rule, subject, severity, message, opened_at) VALUES (5, 'r', 's', 'warning', 'm', 5);
    `);
    expect(() => db?.exec(`INSERT INTO alerts (deployment_id, rule, subject, severity, message, opened_at) VALUES (5, 'r', 's', 'warning', 'm', 6)`)).toThrow(/UNIQUE/);
  });

  it('reads one queue over a window through the primary key, not a scan', () => {
    db = openMemoryDatabase(UP_TO_4);
    const plan = db
      .prepare("EXPLAIN QUERY PLAN SELECT at FROM queue_samples WHERE deployment_id = 1 AND vhost = '/' AND name = 'q' AND at >= 0 AND at <= 9")
      .all() as { detail: string }[];
    expect(plan.map((row) => row.detail).join(' ')).toMatch(/USING PRIMARY KEY/);
  });
});
