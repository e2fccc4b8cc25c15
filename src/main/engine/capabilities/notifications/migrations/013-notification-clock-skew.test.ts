import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../kernel/store/migrate.ts';
import { openMemoryDatabase } from '../../../store.ts';
import { notificationClockSkew } from './013-notification-clock-skew.ts';
import { MIGRATIONS } from '../../../migrations.ts';

describe('migration 013: the timestamp a notifier sent when it was not believed', () => {
  let db: Database | undefined;
  afterEach(() => db?.close());

  it('adds the column, null on every event stored before, and keeps the events', () => {
    db = openMemoryDatabase(MIGRATIONS.filter((m) => m.version < notificationClockSkew.version));
    db.exec(`INSERT INTO tenants (id, name, created_at) VALUES (1, 'acme', 'now');
      INSERT INTO deployments (id, tenant_id, name, created_at, updated_at) VALUES (5, 1, 'prod', 'now', 'now');`);
    const columns = (db.prepare("SELECT name FROM pragma_table_info('nova_events')").pluck().all() as string[]).filter((name) => name !== 'skewed_at_us');
    migrate(db, MIGRATIONS);
    expect(db.pragma('user_version', { simple: true })).toBe(13);
    const after = db.prepare("SELECT name FROM pragma_table_info('nova_events')").pluck().all() as string[];
    expect(after).toEqual([...columns, 'skewed_at_us']);
  });
});
