import type { Migration } from './migration.ts';

/**
 * Raw notifications in compressed blocks (store/raw-blocks.ts) instead of a text row each in
 * nova_raw. A block holds the wire bodies of consecutive events of one deployment: the events
 * whose ids run from first_event_id to last_event_id, each at (raw_offset, raw_size) in the
 * decompressed body. The events of a block are inserted one after the other by the single
 * writer, so their ids are that range (less any duplicates skipped).
 *
 * Events stored before this step keep their row in nova_raw and are read from there: rewriting
 * every raw event into blocks would hold the store for minutes when it is first opened.
 *
 * And derivations behind ingest (store/notification-writes.ts): events up to
 * nova_derived.through_event_id have their instance and request keys, lifecycles, timings and
 * KPIs; the writer derives the rest between batches. Every event stored so far was derived as
 * it was stored.
 */
export const novaRawBlocks: Migration = {
  version: 10,
  name: 'raw notifications in compressed blocks; derivations behind ingest',
  up: `
    CREATE TABLE nova_raw_blocks (
      first_event_id INTEGER PRIMARY KEY,
      last_event_id INTEGER NOT NULL,
      deployment_id INTEGER NOT NULL REFERENCES deployments(id) ON DELETE CASCADE,
      codec TEXT NOT NULL,
      body BLOB NOT NULL
    );
    -- The deployment's cascade and retention's sweep of emptied blocks.
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
