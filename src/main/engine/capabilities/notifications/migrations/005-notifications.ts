import type { Migration } from '../../../kernel/store/migration.ts';

/**
 * OpenStack notifications, as StackTach keeps them: every event (idempotent by message_id), its
 * raw JSON beside it (so listing never reads it), the instance lifecycles, `.start`/`.end`
 * timings and request trackers derived from the events (kept when retention trims the raw
 * events), and the messages that could not be read, with the reason.
 */
export const notifications: Migration = {
  version: 5,
  name: 'notification events, lifecycles, timings, request trackers and rejected messages',
  up: `
    -- Times: at_us is the notifier's timestamp in epoch microseconds (oslo keeps microseconds);
    -- received_at is our receipt in epoch ms.
    CREATE TABLE nova_events (
      id INTEGER PRIMARY KEY,
      deployment_id INTEGER NOT NULL REFERENCES deployments(id) ON DELETE CASCADE,
      message_id TEXT NOT NULL,
      at_us INTEGER NOT NULL,
      received_at INTEGER NOT NULL,
      event_type TEXT NOT NULL,
      publisher TEXT,
      service TEXT,
      host TEXT,
      instance TEXT,
      request_id TEXT,
      tenant TEXT,
      priority TEXT,
      exchange TEXT NOT NULL,
      queue TEXT NOT NULL,
      routing_key TEXT NOT NULL,
      state TEXT,
      old_state TEXT,
      task_state TEXT,
      old_task_state TEXT,
      format TEXT NOT NULL,
      is_error INTEGER NOT NULL
    );
    -- A redelivery (after a crash, a lost connection, a broker restart) or the same notification
    -- on a second topic is the same row: INSERT OR IGNORE on this key.
    CREATE UNIQUE INDEX nova_events_message ON nova_events (deployment_id, message_id);
    -- Newest first, keyset paged by (at_us, id), optionally by one of the searched columns.
    CREATE INDEX nova_events_recent ON nova_events (deployment_id, at_us, id);
    CREATE INDEX nova_events_by_instance ON nova_events (deployment_id, instance, at_us, id) WHERE instance IS NOT NULL;
    CREATE INDEX nova_events_by_request ON nova_events (deployment_id, request_id, at_us, id) WHERE request_id IS NOT NULL;
    CREATE INDEX nova_events_by_type ON nova_events (deployment_id, event_type, at_us, id);
    CREATE INDEX nova_events_by_tenant ON nova_events (deployment_id, tenant, at_us, id) WHERE tenant IS NOT NULL;
    CREATE INDEX nova_events_by_host ON nova_events (deployment_id, host, at_us, id) WHERE host IS NOT NULL;
    CREATE INDEX nova_events_errors ON nova_events (deployment_id, at_us, id) WHERE is_error = 1;

    CREATE TABLE nova_raw (
      event_id INTEGER PRIMARY KEY REFERENCES nova_events(id) ON DELETE CASCADE,
      raw TEXT NOT NULL
    );

    CREATE TABLE nova_lifecycles (
      deployment_id INTEGER NOT NULL REFERENCES deployments(id) ON DELETE CASCADE,
      instance TEXT NOT NULL,
      last_state TEXT,
      last_task_state TEXT,
      last_event_type TEXT NOT NULL,
      last_at_us INTEGER NOT NULL,
      PRIMARY KEY (deployment_id, instance)
    ) WITHOUT ROWID;

    CREATE TABLE nova_timings (
      id INTEGER PRIMARY KEY,
      deployment_id INTEGER NOT NULL REFERENCES deployments(id) ON DELETE CASCADE,
      instance TEXT NOT NULL,
      name TEXT NOT NULL,
      request_id TEXT,
      tenant TEXT,
      start_us INTEGER,
      end_us INTEGER,
      duration REAL
    );
    CREATE INDEX nova_timings_pair ON nova_timings (deployment_id, instance, name, id);
    CREATE INDEX nova_timings_by_name ON nova_timings (deployment_id, name, end_us);
    CREATE INDEX nova_timings_by_end ON nova_timings (deployment_id, end_us);

    CREATE TABLE nova_requests (
      deployment_id INTEGER NOT NULL REFERENCES deployments(id) ON DELETE CASCADE,
      request_id TEXT NOT NULL,
      tenant TEXT,
      instance TEXT,
      start_us INTEGER NOT NULL,
      end_us INTEGER,
      operation TEXT,
      duration REAL,
      PRIMARY KEY (deployment_id, request_id)
    ) WITHOUT ROWID;
    CREATE INDEX nova_requests_slowest ON nova_requests (deployment_id, duration DESC) WHERE duration IS NOT NULL;

    CREATE TABLE nova_rejected (
      id INTEGER PRIMARY KEY,
      deployment_id INTEGER NOT NULL REFERENCES deployments(id) ON DELETE CASCADE,
      received_at INTEGER NOT NULL,
      exchange TEXT NOT NULL,
      queue TEXT NOT NULL,
      routing_key TEXT NOT NULL,
      reason TEXT NOT NULL,
      body BLOB NOT NULL,
      body_size INTEGER NOT NULL
    );
    CREATE INDEX nova_rejected_recent ON nova_rejected (deployment_id, received_at DESC);
  `,
};
