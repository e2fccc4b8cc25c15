import type { Migration } from '../../../kernel/store/migration.ts';

/**
 * Celery monitoring: workers and tasks as the event stream leaves them (one row each, upserted
 * in batches), the messages that could not be read (kept with the reason), and camera snapshots.
 */
export const celery: Migration = {
  version: 3,
  name: 'celery workers, tasks, rejected events and snapshots',
  up: `
    -- A random id of this Tach installation: names its queues on shared brokers.
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    INSERT INTO meta (key, value) VALUES ('install_id', lower(hex(randomblob(6))));

    -- One row per worker and per task: the reducer's records (celery/events/*-record.ts) field
    -- for field. Our receipt times are epoch ms (INTEGER); Celery's own timestamps, including
    -- each task transition, are the sender's epoch seconds (REAL), as Celery keeps them.
    CREATE TABLE celery_workers (
      deployment_id INTEGER NOT NULL REFERENCES deployments(id) ON DELETE CASCADE,
      hostname TEXT NOT NULL,
      pid INTEGER,
      clock INTEGER,
      utcoffset REAL,
      freq REAL,
      active INTEGER,
      processed INTEGER,
      loadavg TEXT,
      sw_ident TEXT,
      sw_ver TEXT,
      sw_sys TEXT,
      heartbeats TEXT NOT NULL DEFAULT '[]',
      last_heartbeat INTEGER,
      heartbeats_received INTEGER NOT NULL DEFAULT 0,
      first_seen INTEGER NOT NULL,
      last_event_at INTEGER NOT NULL,
      offline_at INTEGER,
      drift REAL,
      drift_exceeded INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (deployment_id, hostname)
    ) WITHOUT ROWID;

    CREATE TABLE celery_tasks (
      deployment_id INTEGER NOT NULL REFERENCES deployments(id) ON DELETE CASCADE,
      uuid TEXT NOT NULL,
      name TEXT,
      state TEXT NOT NULL,
      args TEXT,
      kwargs TEXT,
      result TEXT,
      exception TEXT,
      traceback TEXT,
      runtime REAL,
      retries INTEGER,
      eta TEXT,
      expires TEXT,
      root_id TEXT,
      parent_id TEXT,
      worker TEXT,
      client TEXT,
      queue TEXT,
      exchange TEXT,
      routing_key TEXT,
      terminated INTEGER,
      signum TEXT,
      expired INTEGER,
      requeue INTEGER,
      timestamp REAL,
      sent REAL,
      received REAL,
      started REAL,
      succeeded REAL,
      failed REAL,
      retried REAL,
      revoked REAL,
      rejected REAL,
      last_event_at INTEGER NOT NULL,
      PRIMARY KEY (deployment_id, uuid)
    );
    -- The tasks table is read newest first, optionally filtered by one column.
    CREATE INDEX celery_tasks_recent ON celery_tasks (deployment_id, last_event_at DESC);
    CREATE INDEX celery_tasks_by_state ON celery_tasks (deployment_id, state, last_event_at DESC);
    CREATE INDEX celery_tasks_by_name ON celery_tasks (deployment_id, name, last_event_at DESC);
    CREATE INDEX celery_tasks_by_worker ON celery_tasks (deployment_id, worker, last_event_at DESC);

    CREATE TABLE celery_rejected (
      id INTEGER PRIMARY KEY,
      deployment_id INTEGER NOT NULL REFERENCES deployments(id) ON DELETE CASCADE,
      received_at INTEGER NOT NULL,
      routing_key TEXT NOT NULL,
      content_type TEXT,
      reason TEXT NOT NULL,
      body BLOB NOT NULL,
      body_size INTEGER NOT NULL
    );
    CREATE INDEX celery_rejected_recent ON celery_rejected (deployment_id, received_at DESC);

    CREATE TABLE celery_snapshots (
      id INTEGER PRIMARY KEY,
      deployment_id INTEGER NOT NULL REFERENCES deployments(id) ON DELETE CASCADE,
      taken_at INTEGER NOT NULL,
      data TEXT NOT NULL CHECK (json_valid(data))
    );
    CREATE INDEX celery_snapshots_by_time ON celery_snapshots (deployment_id, taken_at);
  `,
};
