import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openMemoryDatabase } from '../../../store.ts';
import { jobboards } from './006-jobboards.ts';
import { MIGRATIONS } from '../../../migrations.ts';

// Every step up to this one, whichever capability it belongs to (003 is Celery's).
const UP_TO_6 = MIGRATIONS.filter((m) => m.version <= jobboards.version);

describe('migration 006: job boards', () => {
  let db: Database | undefined;
  afterEach(() => db?.close());

  it('is step 6, registered', () => {
    expect(jobboards.version).toBe(6);
    expect(MIGRATIONS).toContain(jobboards);
  });

  it('keeps jobs, transitions and samples per deployment, removed with it', () => {
    db = openMemoryDatabase(UP_TO_6);
    db.exec(`INSERT INTO tenants (id, name, created_at) VALUES (1, 'acme', 'now');
             INSERT INTO deployments (id, tenant_id, name, created_at, updated_at) VALUES (7, 1, 'prod', 'now', 'now');
             INSERT INTO jobboard_jobs (id, deployment_id, board, node, sequence, posted_at) VALUES (1, 7, '/b', 'job0000000001', 1, 10);
             INSERT INTO jobboard_transitions (job_id, deployment_id, board, kind, at) VALUES (1, 7, '/b', 'posted', 10);
             INSERT INTO jobboard_samples (deployment_id, board, at, unclaimed, claimed, conductors) VALUES (7, '/b', 10, 1, 0, 0);`);
    db.exec('DELETE FROM deployments WHERE id = 7');
    for (const table of ['jobboard_jobs', 'jobboard_transitions', 'jobboard_samples']) {
      expect(db.prepare(`SELECT count(*) AS n FROM ${table}`).get()).toEqual({ n: 0 });
    }
  });

  it('allows a node name once per board while it is open, again after it ended', () => {
    db = openMemoryDatabase(UP_TO_6);
    db.exec(`INSERT INTO tenants (id, name, created_at) VALUES (1, 'acme', 'now');
             INSERT INTO deployments (id, tenant_id, name, created_at, updated_at) VALUES (7, 1, 'prod', 'now', 'now');
             INSERT INTO jobboard_jobs (deployment_id, board, node, sequence, posted_at) VALUES (7, '/b', 'job1', 1, 10);`);
    const again = () => db?.exec(`INSERT INTO jobboard_jobs (deployment_id, board, node, sequence, posted_at) VALUES (7, '/b', 'job1', 1, 20);`);
    expect(again).toThrow(/UNIQUE/);
    db.exec(`UPDATE jobboard_jobs SET ended_at = 15, end_kind = 'completed'`);
    expect(again).not.toThrow();
  });

  it('refuses details that are not JSON and unknown transition kinds', () => {
    db = openMemoryDatabase(UP_TO_6);
    db.exec(`INSERT INTO tenants (id, name, created_at) VALUES (1, 'acme', 'now');
             INSERT INTO deployments (id, tenant_id, name, created_at, updated_at) VALUES (7, 1, 'prod', 'now', 'now');`);
    expect(() => db?.exec(`INSERT INTO jobboard_jobs (deployment_id, board, node, sequence, posted_at, details) VALUES (7, '/b', 'j', 1, 1, '{x')`)).toThrow(/CHECK/);
    db.exec(`INSERT INTO jobboard_jobs (id, deployment_id, board, node, sequence, posted_at) VALUES (1, 7, '/b', 'j', 1, 1)`);
    expect(() => db?.exec(`INSERT INTO jobboard_transitions (job_id, deployment_id, board, kind, at) VALUES (1, 7, '/b', 'eaten', 1)`)).toThrow(/CHECK/);
  });
});
