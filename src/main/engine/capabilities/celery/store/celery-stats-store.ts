import type { Database, Statement } from 'better-sqlite3';

type Transition = 'succeeded' | 'failed' | 'retried';

/**
 * The queries behind the Celery charts. Transition times are the sender's epoch seconds; a task's
 * last_event_at (our ms) is at or after its transitions, so the indexed range on it is a safe
 * superset to scan.
 */
export class CeleryStatsStore {
  readonly #counts: Record<Transition, Statement<[number, number, number, number, number, number], { bucket: number; n: number }>>;
  readonly #runtimes: Statement<[number, number, number, number, number, number], { bucket: number; runtime: number }>;
  readonly #snapshots: Statement<[number, number, number, number, number], { bucket: number; data: string }>;

  constructor(db: Database) {
    const count = (column: Transition) =>
      db.prepare<[number, number, number, number, number, number], { bucket: number; n: number }>(`
        SELECT CAST((${column} * 1000 - ?) / ? AS INTEGER) AS bucket, count(*) AS n
        FROM celery_tasks WHERE deployment_id = ? AND last_event_at >= ? AND ${column} * 1000 >= ? AND ${column} * 1000 < ?
        GROUP BY bucket`);
    this.#counts = { succeeded: count('succeeded'), failed: count('failed'), retried: count('retried') };
    this.#runtimes = db.prepare(`
      SELECT CAST((succeeded * 1000 - ?) / ? AS INTEGER) AS bucket, runtime
      FROM celery_tasks WHERE deployment_id = ? AND last_event_at >= ? AND succeeded * 1000 >= ? AND succeeded * 1000 < ? AND runtime IS NOT NULL`);
    this.#snapshots = db.prepare(`
      SELECT CAST((taken_at - ?) / ? AS INTEGER) AS bucket, data FROM celery_snapshots
      WHERE deployment_id = ? AND taken_at >= ? AND taken_at < ?`);
  }

  /** Tasks reaching `transition` per bucket of `bucketMs` from `since` to `until` (epoch ms). */
  counts(transition: Transition, deploymentId: number, since: number, until: number, bucketMs: number): Map<number, number> {
    const rows = this.#counts[transition].all(since, bucketMs, deploymentId, since, since, until);
    return new Map(rows.map((row) => [row.bucket, row.n]));
  }

  /** Runtimes (seconds) of the tasks that succeeded, per bucket. */
  runtimes(deploymentId: number, since: number, until: number, bucketMs: number): Map<number, number[]> {
    const byBucket = new Map<number, number[]>();
    for (const row of this.#runtimes.iterate(since, bucketMs, deploymentId, since, since, until)) {
      let list = byBucket.get(row.bucket);
      if (!list) byBucket.set(row.bucket, (list = []));
      list.push(row.runtime);
    }
    return byBucket;
  }

  /** The most workers online in any snapshot of each bucket. */
  workersOnline(deploymentId: number, since: number, until: number, bucketMs: number): Map<number, number> {
    const best = new Map<number, number>();
    for (const row of this.#snapshots.iterate(since, bucketMs, deploymentId, since, until)) {
      const workers = (JSON.parse(row.data) as { workers: { status: string }[] }).workers;
      const online = workers.filter((worker) => worker.status === 'online').length;
      best.set(row.bucket, Math.max(best.get(row.bucket) ?? 0, online));
    }
    return best;
  }
}
