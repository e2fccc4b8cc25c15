import type { Migration } from '../../../kernel/store/migration.ts';

/**
 * Queue samples and the alert history.
 *
 * queue_samples holds one row per queue per poll (resolution 0) for the last hour; older polls
 * are averaged into one-minute rows, and those into ten-minute rows after a day, so a month of
 * history for a few hundred queues stays a few hundred thousand rows. `at` is epoch ms (the
 * start of the period for rolled-up rows). A queue is named by vhost and name.
 *
 * alerts: one row per time a condition held long enough to open; closed_at NULL while open, and
 * at most one open row per (deployment, rule, subject).
 */
export const brokerHealth: Migration = {
  version: 4,
  name: 'broker-health',
  up: `
    CREATE TABLE queue_samples (
      deployment_id INTEGER NOT NULL REFERENCES deployments(id) ON DELETE CASCADE,
      vhost TEXT NOT NULL,
      name TEXT NOT NULL,
      resolution INTEGER NOT NULL,
      at INTEGER NOT NULL,
      messages INTEGER NOT NULL,
      ready INTEGER,
      unacked INTEGER,
      consumers INTEGER NOT NULL,
      publish_rate REAL,
      deliver_rate REAL,
      ack_rate REAL,
      PRIMARY KEY (deployment_id, vhost, name, resolution, at)
    ) WITHOUT ROWID;
    CREATE INDEX queue_samples_by_age ON queue_samples (resolution, at);

    CREATE TABLE alerts (
      id INTEGER PRIMARY KEY,
      deployment_id INTEGER NOT NULL REFERENCES deployments(id) ON DELETE CASCADE,
      rule TEXT NOT NULL,
      subject TEXT NOT NULL,
      severity TEXT NOT NULL,
      message TEXT NOT NULL,
      opened_at INTEGER NOT NULL,
      closed_at INTEGER,
      peak_value REAL,
      last_value REAL
    );
    CREATE INDEX alerts_by_deployment ON alerts (deployment_id, opened_at DESC);
    CREATE UNIQUE INDEX alerts_open ON alerts (deployment_id, rule, subject) WHERE closed_at IS NULL;
  `,
};
