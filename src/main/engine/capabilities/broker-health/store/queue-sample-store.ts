import type { Database, Statement } from 'better-sqlite3';
import type { QueueStat } from '../../../../../shared/domain/broker.ts';
import { writeTransaction } from '../../../kernel/store/database.ts';

export interface SampleRow {
  at: number;
  messages: number;
  ready: number | null;
  unacked: number | null;
  consumers: number;
  publishRate: number | null;
  deliverRate: number | null;
  ackRate: number | null;
}

/**
 * Each tier: rows of `from` resolution older than `after` ms are averaged into buckets of `to`
 * seconds, then deleted. The last tier's rows are dropped after `keepMs`.
 */
export const TIERS = [
  { from: 0, to: 60, after: 3_600_000 },
  { from: 60, to: 600, after: 24 * 3_600_000 },
] as const;
export const KEEP_MS = 31 * 24 * 3_600_000;

interface RangeRow {
  at: number;
  messages: number;
  ready: number | null;
  unacked: number | null;
  consumers: number;
  publish_rate: number | null;
  deliver_rate: number | null;
  ack_rate: number | null;
}

const roundOrNull = (value: number | null) => (value === null ? null : Math.round(value));

const COLUMNS = 'messages, ready, unacked, consumers, publish_rate, deliver_rate, ack_rate';
const AVERAGES =
  'CAST(ROUND(AVG(messages)) AS INTEGER), CAST(ROUND(AVG(ready)) AS INTEGER), CAST(ROUND(AVG(unacked)) AS INTEGER), CAST(ROUND(AVG(consumers)) AS INTEGER), AVG(publish_rate), AVG(deliver_rate), AVG(ack_rate)';

/** Queue samples: one batched insert per poll, range reads averaged into buckets, downsampling as they age. */
export class QueueSampleStore {
  readonly #db: Database;
  readonly #insert: Statement<[number, string, string, number, number, number | null, number | null, number, number | null, number | null, number | null]>;
  readonly #range: Statement<[number, number, string, string, number, number], RangeRow>;
  readonly #rollups: { roll: Statement<[number, number, number]>; drop: Statement<[number, number]> }[];
  readonly #expire: Statement<[number, number]>;

  constructor(db: Database) {
    this.#db = db;
    this.#insert = db.prepare(`INSERT OR REPLACE INTO queue_samples (deployment_id, vhost, name, resolution, at, ${COLUMNS}) VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?)`);
    // Every tier in the range at once: rolled-up rows and raw ones never overlap in time.
    // `at - at % ?` rather than `(at / ?) * ?`: numbers are bound as REAL, and REAL division does not floor.
    this.#range = db.prepare(`
      SELECT at - at % ? AS at, AVG(messages) AS messages, AVG(ready) AS ready, AVG(unacked) AS unacked,
        AVG(consumers) AS consumers, AVG(publish_rate) AS publish_rate, AVG(deliver_rate) AS deliver_rate, AVG(ack_rate) AS ack_rate
      FROM queue_samples WHERE deployment_id = ? AND vhost = ? AND name = ? AND at >= ? AND at <= ?
      GROUP BY 1 ORDER BY 1`);
    this.#rollups = TIERS.map((tier) => ({
      roll: db.prepare(`
        INSERT OR REPLACE INTO queue_samples (deployment_id, vhost, name, resolution, at, ${COLUMNS})
        SELECT deployment_id, vhost, name, ${tier.to}, at - at % ?, ${AVERAGES}
        FROM queue_samples WHERE resolution = ${tier.from} AND at < ?
        GROUP BY deployment_id, vhost, name, at - at % ?`),
      drop: db.prepare(`DELETE FROM queue_samples WHERE resolution = ? AND at < ?`),
    }));
    this.#expire = db.prepare('DELETE FROM queue_samples WHERE resolution = ? AND at < ?');
  }

  /** One poll of a deployment's queues, in one transaction. */
  insertPoll(deploymentId: number, at: number, queues: readonly QueueStat[]): void {
    writeTransaction(this.#db, () => {
      for (const q of queues) {
        this.#insert.run(deploymentId, q.vhost, q.name, at, q.messages, q.messagesReady, q.messagesUnacknowledged, q.consumers, q.publishRate, q.deliverRate, q.ackRate);
      }
    })();
  }

  /** Oldest first within [since, until] (epoch ms), averaged into buckets of `bucketMs`. */
  range(deploymentId: number, vhost: string, name: string, since: number, until: number, bucketMs: number): SampleRow[] {
    return this.#range.all(bucketMs, deploymentId, vhost, name, since, until).map((row) => ({
      at: row.at,
      messages: Math.round(row.messages),
      ready: roundOrNull(row.ready),
      unacked: roundOrNull(row.unacked),
      // An average of 0.5 consumers over a bucket shows as 0.5: it says the consumer came and went.
      consumers: Math.round(row.consumers * 10) / 10,
      publishRate: row.publish_rate ?? null,
      deliverRate: row.deliver_rate ?? null,
      ackRate: row.ack_rate ?? null,
    }));
  }

  /**
   * Averages aged samples into coarser rows and drops what is past keeping. Cutoffs are aligned
   * to the coarser bucket, so a bucket is rolled up only once it is complete.
   */
  downsample(now: number): { rolled: number; dropped: number } {
    let rolled = 0;
    let dropped = 0;
    writeTransaction(this.#db, () => {
      TIERS.forEach((tier, index) => {
        const bucketMs = tier.to * 1000;
        const cutoff = Math.floor((now - tier.after) / bucketMs) * bucketMs;
        const statements = this.#rollups[index];
        if (!statements) return;
        rolled += statements.roll.run(bucketMs, cutoff, bucketMs).changes;
        dropped += statements.drop.run(tier.from, cutoff).changes;
      });
      const last = TIERS[TIERS.length - 1];
      if (last) dropped += this.#expire.run(last.to, now - KEEP_MS).changes;
    })();
    return { rolled, dropped };
  }
}
