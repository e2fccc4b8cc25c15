import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openMemoryDatabase } from '../../../store.ts';
import { MIGRATIONS } from '../../../migrations.ts';
import { notifications } from './005-notifications.ts';

describe('migration 005: notifications', () => {
  let db: Database | undefined;
  afterEach(() => db?.close());

  it('is step 5, registered in order', () => {
    expect(notifications.version).toBe(5);
    expect(MIGRATIONS.find((step) => step.version === 5)).toBe(notifications);
  });

  // As this step left the schema: migration 009 replaces the unique index with key levels.
  it('stores a message_id once per deployment, and removes everything with the deployment', () => {
    db = openMemoryDatabase(MIGRATIONS.filter((step) => step.version <= notifications.version));
    db.exec(`
      INSERT INTO tenants (id, name, created_at) VALUES (1, 'acme', 'now');
      INSERT INTO deployments (id, tenant_id, name, created_at, updated_at) VALUES (5, 1, 'prod', 'now', 'now');
      INSERT INTO nova_events (id, deployment_id, message_id, at_us, received_at, event_type, exchange, queue, routing_key, format, is_error)
        VALUES (1, 5, 'm1', 1, 1, 'compute.instance.create.start', 'nova', 'monitor.info', 'monitor.info', 'v1', 0);
      INSERT INTO nova_raw (event_id, raw) VALUES (1, '{}');
      INSERT INTO nova_lifecycles (deployment_id, instance, last_event_type, last_at_us) VALUES (5, 'i', 'x', 1);
      INSERT INTO nova_timings (deployment_id, instance, name, start_us) VALUES (5, 'i', 'compute.instance.create', 1);
      INSERT INTO nova_requests (deployment_id, request_id, start_us) VALUES (5, 'req-1', 1);
      INSERT INTO nova_rejected (deployment_id, received_at, exchange, queue, routing_key, reason, body, body_size) VALUES (5, 1, 'nova', 'q', 'q', 'bad', x'00', 1);
    `);
    const sql = `INSERT OR IGNORE INTO nova_events (deployment_id, message_id, at_us, received_at, event_type, exchange, queue, routing_key, format, is_error)
      VALUES (5, 'm1', 2, 2, 'x', 'nova', 'q', 'q', 'v2', 0)`;
    expect(db.prepare(sql).run().changes).toBe(0);
    db.exec('DELETE FROM deployments WHERE id = 5');
    for (const table of ['nova_events', 'nova_raw', 'nova_lifecycles', 'nova_timings', 'nova_requests', 'nova_rejected']) {
      expect(db.prepare(`SELECT count(*) AS n FROM ${table}`).get(), table).toEqual({ n: 0 });
    }
  });
});
