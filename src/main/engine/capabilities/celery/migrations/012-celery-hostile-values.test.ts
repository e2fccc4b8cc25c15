import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../kernel/store/migrate.ts';
import { openMemoryDatabase } from '../../../store.ts';
import { CeleryStore } from '../store/celery-store.ts';
import { createTaskRecord } from '../events/task-record.ts';
import { createWorkerRecord } from '../events/worker-record.ts';
import { celeryHostileValues } from './012-celery-hostile-values.ts';
import { MIGRATIONS } from '../../../migrations.ts';

describe('migration 012: what the Celery decoder did not believe', () => {
  let db: Database | undefined;
  afterEach(() => db?.close());

  it('adds the columns, null on every row stored before (believed as sent), and keeps the rows', () => {
    db = openMemoryDatabase(MIGRATIONS.filter((m) => m.version < celeryHostileValues.version));
    db.exec(`INSERT INTO tenants (id, name, created_at) VALUES (1, 'acme', 'now');
      INSERT INTO deployments (id, tenant_id, name, created_at, updated_at) VALUES (5, 1, 'prod', 'now', 'now');
      INSERT INTO celery_tasks (deployment_id, uuid, uuid_key, name, state, args, last_event_at) VALUES (5, 'old', 1, 'app.add', 'SUCCESS', '(1, 2)', 1000);
      INSERT INTO celery_workers (deployment_id, hostname, freq, first_seen, last_event_at) VALUES (5, 'w@h', 2, 1, 1);`);
    migrate(db, MIGRATIONS.filter((m) => m.version <= celeryHostileValues.version));
    expect(db.pragma('user_version', { simple: true })).toBe(12);
    expect(db.prepare('SELECT uuid, args, clock_skew, truncated FROM celery_tasks').all()).toEqual([{ uuid: 'old', args: '(1, 2)', clock_skew: null, truncated: null }]);
    expect(db.prepare('SELECT hostname, freq, freq_ignored FROM celery_workers').all()).toEqual([{ hostname: 'w@h', freq: 2, freq_ignored: null }]);
    expect(() => db!.exec(`UPDATE celery_tasks SET truncated = 'not json'`)).toThrow(/CHECK/);
  });

  it('round-trips a flagged task and worker through the store', () => {
    db = openMemoryDatabase(MIGRATIONS);
    db.exec(`INSERT INTO tenants (id, name, created_at) VALUES (1, 'acme', 'now');
      INSERT INTO deployments (id, tenant_id, name, created_at, updated_at) VALUES (5, 1, 'prod', 'now', 'now');`);
    const store = new CeleryStore(db);
    const task = { ...createTaskRecord('future-3000', 1000), clockSkew: 32503680000, truncated: { args: 10_485_760 } };
    store.save(5, [task], [{ ...createWorkerRecord('w@h', 1), freq: 2, freqIgnored: 1e308 }], []);
    const loaded = store.loadRecent(5, 10).tasks[0];
    expect(loaded).toMatchObject({ uuid: 'future-3000', clockSkew: 32503680000, truncated: { args: 10_485_760 } });
    expect(store.workers(5)[0]).toMatchObject({ freq: 2, freqIgnored: 1e308 });
  });
});
