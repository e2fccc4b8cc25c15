import type { Migration } from '../../../kernel/store/migration.ts';

const LEVELS = ['nova_event_keys_fresh', 'nova_event_keys_recent', 'nova_event_keys'];

/**
 * The message keys of notifications still in their blocks (past the written mark) leave the key
 * levels. From this step on, the store writer keeps those keys in memory until it writes the
 * events' rows, and adds them to the levels then (store/pending-message-keys.ts): a key-level
 * insert per notification was more than half of committing one while a backlog drained. A store
 * written before this step holds them in the levels already; the writer would add them a second
 * time, and the next move between levels would then fail on the duplicate.
 */
export const pendingMessageKeys: Migration = {
  version: 11,
  name: 'message keys of notifications not yet written are kept by the writer, not in the key levels',
  up: LEVELS.map(
    (table) => `
    WITH pending (event_key, deployment_id, id) AS (
      SELECT tach_uuid_key('m ' || j.value), b.deployment_id, b.first_event_id + j.key
      FROM nova_raw_blocks b, json_each(b.message_ids) j
      WHERE b.first_event_id > (SELECT through_event_id FROM nova_derived)
    )
    DELETE FROM ${table} WHERE (event_key, deployment_id, id) IN (SELECT event_key, deployment_id, id FROM pending);`,
  ).join('\n'),
};
