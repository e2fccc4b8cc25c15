import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../kernel/store/migrate.ts';
import { openMemoryDatabase } from '../../../store.ts';
import { instanceKey, messageKey } from '../store/nova-event-keys.ts';
import { pendingMessageKeys } from './011-pending-message-keys.ts';
import { MIGRATIONS } from '../../../migrations.ts';

describe('migration 011: message keys of events still in blocks leave the key levels', () => {
  let db: Database | undefined;
  afterEach(() => db?.close());

  it('removes the keys of pending events from every level, and keeps those of written rows and other kinds', () => {
    db = openMemoryDatabase(MIGRATIONS.filter((m) => m.version < pendingMessageKeys.version));
    db.exec(`INSERT INTO tenants (id, name, created_at) VALUES (1, 'acme', 'now');
      INSERT INTO deployments (id, tenant_id, name, created_at, updated_at) VALUES (5, 1, 'prod', 'now', 'now');
      UPDATE nova_derived SET through_event_id = 2;
      INSERT INTO nova_raw_blocks (first_event_id, last_event_id, deployment_id, codec, body, event_values, message_ids, event_count)
        VALUES (1, 2, 5, 'zstd', x'00', x'00', '["written-1","written-2"]', 2), (3, 5, 5, 'zstd', x'00', x'00', '["pending-3","dup","pending-5"]', 2);
      UPDATE nova_raw_blocks SET skipped = '[1]' WHERE first_event_id = 3;`);
    const addTo = (table: string, key: number, id: number) => db!.prepare(`INSERT INTO ${table} (event_key, deployment_id, id) VALUES (?, 5, ?)`).run(key, id);
    addTo('nova_event_keys_fresh', messageKey('written-1'), 1);
    addTo('nova_event_keys', messageKey('written-2'), 2);
    addTo('nova_event_keys_fresh', messageKey('pending-3'), 3);
    addTo('nova_event_keys_recent', messageKey('pending-5'), 5);
    addTo('nova_event_keys_recent', instanceKey('inst-1'), 3);
    migrate(db, MIGRATIONS);
    const left = db.prepare<[], [number, number]>('SELECT event_key, id FROM nova_event_key_locations ORDER BY id, event_key').raw().all();
    expect(left).toEqual([
      [messageKey('written-1'), 1],
      [messageKey('written-2'), 2],
      [instanceKey('inst-1'), 3],
    ]);
  });
});
