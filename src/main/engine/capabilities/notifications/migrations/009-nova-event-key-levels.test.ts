import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../kernel/store/migrate.ts';
import { openMemoryDatabase } from '../../../store.ts';
import { EVENT_LOCATION, instanceKey, messageKey, requestKey } from '../store/nova-event-keys.ts';
import { novaEventKeyLevels } from './009-nova-event-key-levels.ts';
import { MIGRATIONS } from '../../../migrations.ts';

const event = (id: number, messageId: string, instance: string | null, request: string | null) =>
  `(${id}, 5, '${messageId}', ${instance === null ? 'NULL' : `'${instance}'`}, ${request === null ? 'NULL' : `'${request}'`}, ${id}, ${id}, 'compute.instance.update', 'nova', 'monitor.info', 'monitor.info', 'v1', 0)`;
const SETUP = `
  INSERT INTO tenants (id, name, created_at) VALUES (1, 'acme', 'now');
  INSERT INTO deployments (id, tenant_id, name, created_at, updated_at) VALUES (5, 1, 'prod', 'now', 'now');
  INSERT INTO nova_events (id, deployment_id, message_id, instance, request_id, at_us, received_at, event_type, exchange, queue, routing_key, format, is_error)
    VALUES ${[event(1, 'm-a', 'i-1', 'req-1'), event(2, 'm-b', 'i-1', null), event(3, 'm-c', null, 'req-2')].join(', ')};`;

describe('migration 009: notification event keys in levels', () => {
  let db: Database | undefined;
  afterEach(() => db?.close());
  const locate = (key: number) => db?.prepare(EVENT_LOCATION).pluck().all(5, key);

  it('moves every stored event’s message, instance and request keys into the settled level and drops the text indexes', () => {
    db = openMemoryDatabase(MIGRATIONS.filter((m) => m.version < novaEventKeyLevels.version));
    db.exec(SETUP);
    migrate(db, MIGRATIONS);
    const settled = db.prepare<[], number>('SELECT event_key FROM nova_event_keys').pluck().all();
    expect(settled).toEqual([...settled].sort((a, b) => a - b));
    expect(settled).toHaveLength(3 + 2 + 2);
    expect(locate(messageKey('m-b'))).toEqual([2]);
    expect(locate(instanceKey('i-1'))).toEqual([1, 2]);
    expect(locate(requestKey('req-2'))).toEqual([3]);
    for (const index of ['nova_events_message', 'nova_events_by_instance', 'nova_events_by_request']) {
      expect(db.prepare('SELECT count(*) AS n FROM sqlite_master WHERE name = ?').get(index)).toEqual({ n: 0 });
    }
  });

  it('forgets every key of a deleted event, in every level, by retention or with the deployment', () => {
    db = openMemoryDatabase();
    db.exec(SETUP);
    const add = (table: string, key: number, id: number) => db?.prepare(`INSERT INTO ${table} VALUES (?, 5, ?)`).run(key, id);
    add('nova_event_keys_fresh', messageKey('m-a'), 1);
    add('nova_event_keys_recent', instanceKey('i-1'), 1);
    add('nova_event_keys', requestKey('req-1'), 1);
    add('nova_event_keys_fresh', messageKey('m-b'), 2);
    add('nova_event_keys_recent', instanceKey('i-1'), 2);
    add('nova_event_keys', messageKey('m-c'), 3);
    db.exec('DELETE FROM nova_events WHERE id = 1');
    expect(db.prepare('SELECT id FROM nova_event_key_locations ORDER BY id').pluck().all()).toEqual([2, 2, 3]);
    db.exec('DELETE FROM deployments WHERE id = 5');
    expect(db.prepare('SELECT count(*) FROM nova_event_key_locations').pluck().get()).toBe(0);
  });

  it('looks a key up with one primary-key probe per level', () => {
    db = openMemoryDatabase();
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM nova_events WHERE id IN (${EVENT_LOCATION}) AND message_id = ?`).all(1, 2, 'x') as { detail: string }[];
    const details = plan.map((row) => row.detail);
    for (const table of ['nova_event_keys_fresh', 'nova_event_keys_recent', 'nova_event_keys']) {
      expect(details).toContain(`SEARCH ${table} USING PRIMARY KEY (event_key=? AND deployment_id=?)`);
    }
  });
});
