import type { Migration } from '../../../kernel/store/migration.ts';

/**
 * TaskFlow job boards: every job a board ever held (one row per job node, kept after it left
 * the board so "what was on the board at 03:00" can be answered), its transitions, and the
 * counts per state sampled over time. Times are epoch ms.
 */
export const jobboards: Migration = {
  version: 6,
  name: 'job board jobs, transitions and count samples',
  up: `
    CREATE TABLE jobboard_jobs (
      id INTEGER PRIMARY KEY,
      deployment_id INTEGER NOT NULL REFERENCES deployments(id) ON DELETE CASCADE,
      board TEXT NOT NULL,
      node TEXT NOT NULL,
      uuid TEXT,
      name TEXT,
      sequence INTEGER NOT NULL,
      priority TEXT,
      details TEXT CHECK (details IS NULL OR json_valid(details)),
      book TEXT CHECK (book IS NULL OR json_valid(book)),
      created_on TEXT,
      last_modified TEXT,
      -- Why the node's data is not a readable job (kept with the job, which still counts).
      error TEXT,
      posted_at INTEGER NOT NULL,
      owner TEXT,
      claimed_at INTEGER,
      ended_at INTEGER,
      end_kind TEXT CHECK (end_kind IS NULL OR end_kind IN ('completed', 'trashed'))
    );
    -- A node name is on a board at most once at a time (ZooKeeper's sequence never repeats
    -- under one parent, but a board deleted and made again restarts it).
    CREATE UNIQUE INDEX jobboard_jobs_open ON jobboard_jobs (deployment_id, board, node) WHERE ended_at IS NULL;
    CREATE INDEX jobboard_jobs_by_board ON jobboard_jobs (deployment_id, board, posted_at);

    CREATE TABLE jobboard_transitions (
      id INTEGER PRIMARY KEY,
      job_id INTEGER NOT NULL REFERENCES jobboard_jobs(id) ON DELETE CASCADE,
      deployment_id INTEGER NOT NULL REFERENCES deployments(id) ON DELETE CASCADE,
      board TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('posted', 'claimed', 'released', 'completed', 'trashed')),
      owner TEXT,
      at INTEGER NOT NULL
    );
    CREATE INDEX jobboard_transitions_by_board ON jobboard_transitions (deployment_id, board, at);
    CREATE INDEX jobboard_transitions_by_job ON jobboard_transitions (job_id, at);

    CREATE TABLE jobboard_samples (
      deployment_id INTEGER NOT NULL REFERENCES deployments(id) ON DELETE CASCADE,
      board TEXT NOT NULL,
      at INTEGER NOT NULL,
      unclaimed INTEGER NOT NULL,
      claimed INTEGER NOT NULL,
      conductors INTEGER NOT NULL,
      oldest_unclaimed_ms INTEGER,
      PRIMARY KEY (deployment_id, board, at)
    ) WITHOUT ROWID;
  `,
};
