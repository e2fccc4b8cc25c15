import type { Migration } from '../../../kernel/store/migration.ts';

const COLUMNS = `name, state, args, kwargs, result, exception, traceback, runtime, retries, eta, expires, root_id,
  parent_id, worker, client, queue, exchange, routing_key, terminated, signum, expired, requeue, timestamp, sent,
  received, started, succeeded, failed, retried, revoked, rejected, last_event_at`;

/**
 * Celery tasks keyed by an integer row id in arrival order, found by a 53-bit hash of their id
 * (store/uuid-key.ts) instead of a unique index on (deployment_id, uuid). Task ids are random, so
 * that index took a write on a random page for every new task; at 1M tasks it was the largest
 * single cost of ingest. The single writer keeps ids unique (it looks a task up before writing).
 * Text search gets a trigram index, filled behind ingest (search-indexer.ts).
 */
export const celeryTaskKeys: Migration = {
  version: 7,
  name: 'celery tasks keyed by row id, found by a hash of their id, with a text search index',
  up: `
    CREATE TABLE celery_tasks_keyed (
      id INTEGER PRIMARY KEY,
      deployment_id INTEGER NOT NULL REFERENCES deployments(id) ON DELETE CASCADE,
      uuid TEXT NOT NULL,
      uuid_key INTEGER NOT NULL,
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
      -- 0 until the search indexer has indexed this version of the row (every write resets it).
      searchable INTEGER NOT NULL DEFAULT 0
    );
    INSERT INTO celery_tasks_keyed (deployment_id, uuid, uuid_key, ${COLUMNS})
      SELECT deployment_id, uuid, tach_uuid_key(uuid), ${COLUMNS} FROM celery_tasks ORDER BY last_event_at;
    DROP TABLE celery_tasks;
    ALTER TABLE celery_tasks_keyed RENAME TO celery_tasks;
    CREATE INDEX celery_tasks_by_key ON celery_tasks (deployment_id, uuid_key);
    CREATE INDEX celery_tasks_recent ON celery_tasks (deployment_id, last_event_at DESC);
    CREATE INDEX celery_tasks_by_state ON celery_tasks (deployment_id, state, last_event_at DESC);
    CREATE INDEX celery_tasks_by_name ON celery_tasks (deployment_id, name, last_event_at DESC);
    CREATE INDEX celery_tasks_by_worker ON celery_tasks (deployment_id, worker, last_event_at DESC);

    -- Text search in tasks: trigrams (substring match, case-sensitive like instr) of the fields an
    -- operator searches. Indexed behind ingest, when the writer is idle (search-indexer.ts): rows
    -- not yet indexed are found through this partial index and searched by a scan.
    CREATE INDEX celery_tasks_unsearchable ON celery_tasks (id) WHERE searchable = 0;
    CREATE VIRTUAL TABLE celery_task_search USING fts5(
      name, args, kwargs, result, exception,
      content = '', contentless_delete = 1, tokenize = 'trigram case_sensitive 1'
    );
    CREATE TRIGGER celery_tasks_unsearch AFTER DELETE ON celery_tasks BEGIN
      DELETE FROM celery_task_search WHERE rowid = old.id;
    END;
  `,
};
