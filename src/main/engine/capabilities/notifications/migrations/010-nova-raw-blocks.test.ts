import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../kernel/store/migrate.ts';
import { openMemoryDatabase } from '../../../store.ts';
import { NotificationStore } from '../store/notification-store.ts';
import { novaRawBlocks } from './010-nova-raw-blocks.ts';
import { MIGRATIONS } from '../../../migrations.ts';

const SETUP = `
  INSERT INTO tenants (id, name, created_at) VALUES (1, 'acme', 'now');
  INSERT INTO deployments (id, tenant_id, name, created_at, updated_at) VALUES (5, 1, 'prod', 'now', 'now');
  INSERT INTO nova_events (id, deployment_id, message_id, at_us, received_at, event_type, exchange, queue, routing_key, format, is_error)
    VALUES (7, 5, 'm-a', 1, 1, 'compute.instance.update', 'nova', 'monitor.info', 'monitor.info', 'v1', 0);
  INSERT INTO nova_raw (event_id, raw) VALUES (7, '{"message_id":"m-a"}');`;

describe('migration 010: notifications in blocks, rows written behind', () => {
  let db: Database | undefined;
  afterEach(() => db?.close());

  it('counts every event stored before it as written, and keeps reading their raw rows', () => {
    db = openMemoryDatabase(MIGRATIONS.filter((m) => m.version < novaRawBlocks.version));
    db.exec(SETUP);
    migrate(db, MIGRATIONS);
    expect(db.prepare('SELECT through_event_id FROM nova_derived').pluck().get()).toBe(7);
    const store = new NotificationStore(db);
    expect(store.writes.behind()).toBe(0);
    expect(store.event(7)?.raw).toBe('{"message_id":"m-a"}');
  });

  it('starts an empty store at mark 0, and drops a deployment’s blocks with it', () => {
    db = openMemoryDatabase();
    expect(db.prepare('SELECT through_event_id FROM nova_derived').pluck().get()).toBe(0);
    db.exec(`INSERT INTO tenants (id, name, created_at) VALUES (1, 'acme', 'now');
      INSERT INTO deployments (id, tenant_id, name, created_at, updated_at) VALUES (5, 1, 'prod', 'now', 'now');
      INSERT INTO nova_raw_blocks (first_event_id, last_event_id, deployment_id, codec, body, event_values, message_ids, event_count) VALUES (1, 2, 5, 'zstd', x'00', x'00', '["a","b"]', 2);
      DELETE FROM deployments WHERE id = 5;`);
    expect(db.prepare('SELECT count(*) FROM nova_raw_blocks').pluck().get()).toBe(0);
  });
});
