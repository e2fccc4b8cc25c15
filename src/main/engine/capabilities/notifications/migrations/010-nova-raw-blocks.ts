import type { Migration } from '../../../kernel/store/migration.ts';

/**
 * Notifications committed in blocks (store/notification-blocks.ts), their rows written behind.
 *
 * A block holds up to 128 consecutive events of one deployment: their wire bodies and their
 * column values, compressed, and their message ids. Event ids are given to a block's positions
 * in order: the event at position p has id first_event_id + p, unless p is in `skipped` (a
 * duplicate, never stored). Each event's body is at (raw_offset, raw_size) in the decompressed
 * body, as its row says.
 *
 * Ingest commits the block and the events' message keys, then acks. The writer's next pass
 * (store/notification-writes.ts) writes the rows of the blocks after
 * nova_derived.through_event_id with their instance and request keys, lifecycles, timings and
 * KPIs, and moves the mark past them in the same transaction. Every event stored before this
 * step was written and derived as it was stored.
 *
 * Events stored before this step keep their raw JSON in nova_raw and are read from there:
 * rewriting every raw event into blocks would hold the store for minutes when first opened.
 */
export const novaRawBlocks: Migration = {
  version: 10,
  name: 'notifications committed in compressed blocks, their rows and derivations written behind',
  up: `
    CREATE TABLE nova_raw_blocks (
      first_event_id INTEGER PRIMARY KEY,
      last_event_id INTEGER NOT NULL,
      deployment_id INTEGER NOT NULL REFERENCES deployments(id) ON DELETE CASCADE,
      codec TEXT NOT NULL,
      body BLOB NOT NULL,
      event_values BLOB NOT NULL,
      message_ids TEXT NOT NULL,
      skipped TEXT,
      event_count INTEGER NOT NULL
    );
    -- Reading an event's body, counting what is still to be written, the deployment's cascade
    -- and retention's sweep of emptied blocks.
    CREATE INDEX nova_raw_blocks_by_deployment ON nova_raw_blocks (deployment_id, first_event_id);
    ALTER TABLE nova_events ADD COLUMN raw_offset INTEGER;
    ALTER TABLE nova_events ADD COLUMN raw_size INTEGER;

    CREATE TABLE nova_derived (
      only INTEGER PRIMARY KEY CHECK (only = 1),
      through_event_id INTEGER NOT NULL
    );
    INSERT INTO nova_derived (only, through_event_id) VALUES (1, (SELECT coalesce(max(id), 0) FROM nova_events));
  `,
};
