import type { Migration } from '../../../kernel/store/migration.ts';

const LEVEL = (table: string) => `
    CREATE TABLE ${table} (
      event_key INTEGER NOT NULL,
      deployment_id INTEGER NOT NULL,
      id INTEGER NOT NULL,
      PRIMARY KEY (event_key, deployment_id, id)
    ) WITHOUT ROWID;`;

/** The three keys of an event row (`row.` or `old.`), as store/nova-event-keys.ts computes them. */
const KEYS = (row: string) => [`tach_uuid_key('m ' || ${row}.message_id)`, `tach_uuid_key('i ' || ${row}.instance)`, `tach_uuid_key('r ' || ${row}.request_id)`];

/**
 * An event's message id, instance and request id, as 53-bit hashes in key levels
 * (store/key-levels.ts) instead of three text indexes. Nova's ids are random uuid4s: every new
 * event landed on a random page of each of those indexes, and each such page was written again
 * at every commit (bench, random ids, 800k events: over half the cost of storing a notification
 * was the commit). New keys go to a small level that stays cached and move down in key order, as
 * the Celery task keys of migration 008.
 *
 * Lookups by message id (the store's "already stored?"), instance or request id probe each level
 * and compare the text on the row found: a hash collision costs a row read, never a wrong answer.
 * Tenant, host and event type keep their indexes: few distinct values, so their inserts append.
 */
export const novaEventKeyLevels: Migration = {
  version: 9,
  name: 'notification message, instance and request ids in key levels instead of text indexes',
  up: `
    ${LEVEL('nova_event_keys_fresh')}
    ${LEVEL('nova_event_keys_recent')}
    ${LEVEL('nova_event_keys')}
    INSERT INTO nova_event_keys (event_key, deployment_id, id)
      SELECT ${KEYS('e')[0]}, deployment_id, id FROM nova_events e
      UNION ALL SELECT ${KEYS('e')[1]}, deployment_id, id FROM nova_events e WHERE instance IS NOT NULL
      UNION ALL SELECT ${KEYS('e')[2]}, deployment_id, id FROM nova_events e WHERE request_id IS NOT NULL
      ORDER BY 1, 2, 3;
    DROP INDEX nova_events_message;
    DROP INDEX nova_events_by_instance;
    DROP INDEX nova_events_by_request;

    -- SQLite pushes a WHERE on this view into each arm of the UNION ALL: three primary-key probes.
    CREATE VIEW nova_event_key_locations AS
      SELECT event_key, deployment_id, id FROM nova_event_keys_fresh
      UNION ALL SELECT event_key, deployment_id, id FROM nova_event_keys_recent
      UNION ALL SELECT event_key, deployment_id, id FROM nova_event_keys;

    -- Retention deletes raw events; their keys go with them, so the levels stay as big as the table.
    CREATE TRIGGER nova_events_unkey AFTER DELETE ON nova_events BEGIN
      ${['nova_event_keys_fresh', 'nova_event_keys_recent', 'nova_event_keys']
        .map((table) => `DELETE FROM ${table} WHERE deployment_id = old.deployment_id AND id = old.id AND event_key IN (${KEYS('old').join(', ')});`)
        .join('\n      ')}
    END;
  `,
};
