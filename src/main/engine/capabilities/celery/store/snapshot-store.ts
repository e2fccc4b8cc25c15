import type { Database, Statement } from 'better-sqlite3';
import type { SnapshotData } from '../camera.ts';

export interface SnapshotRow {
  id: number;
  takenAt: number;
  data: SnapshotData;
}

/** Rows read per query when streaming: the connection is never held across awaits. */
const CHUNK = 500;

/** Camera snapshots: written one at a time, read by time range, trimmed by age and count. */
export class SnapshotStore {
  readonly #insert: Statement<[number, number, string]>;
  readonly #range: Statement<[number, number, number, number, number], { id: number; taken_at: number; data: string }>;
  readonly #one: Statement<[number], { id: number; deployment_id: number; taken_at: number; data: string }>;
  readonly #deleteOlder: Statement<[number, number]>;
  readonly #deleteBeyond: Statement<[number, number, number]>;

  constructor(db: Database) {
    this.#insert = db.prepare('INSERT INTO celery_snapshots (deployment_id, taken_at, data) VALUES (?, ?, ?)');
    this.#range = db.prepare(
      'SELECT id, taken_at, data FROM celery_snapshots WHERE deployment_id = ? AND taken_at >= ? AND taken_at <= ? AND id > ? ORDER BY taken_at, id LIMIT ?',
    );
    this.#one = db.prepare('SELECT * FROM celery_snapshots WHERE id = ?');
    this.#deleteOlder = db.prepare('DELETE FROM celery_snapshots WHERE deployment_id = ? AND taken_at < ?');
    this.#deleteBeyond = db.prepare(`
      DELETE FROM celery_snapshots WHERE deployment_id = ? AND id IN (
        SELECT id FROM celery_snapshots WHERE deployment_id = ? ORDER BY taken_at DESC, id DESC LIMIT -1 OFFSET ?)`);
  }

  insert(deploymentId: number, takenAt: number, data: SnapshotData): number {
    return Number(this.#insert.run(deploymentId, takenAt, JSON.stringify(data)).lastInsertRowid);
  }

  get(id: number): (SnapshotRow & { deploymentId: number }) | undefined {
    const row = this.#one.get(id);
    return row && { id: row.id, deploymentId: row.deployment_id, takenAt: row.taken_at, data: JSON.parse(row.data) as SnapshotData };
  }

  /** Oldest first within [since, until] (epoch ms), at most `limit`. */
  list(deploymentId: number, since: number, until: number, limit: number): SnapshotRow[] {
    return this.#range.all(deploymentId, since, until, 0, limit).map(toSnapshot);
  }

  /**
   * Every snapshot in the range, oldest first, fetched in chunks on demand: an export of a month
   * streams without loading it all, and without an open SQLite iterator blocking the writer.
   */
  *iterate(deploymentId: number, since: number, until: number): Generator<SnapshotRow> {
    let after = 0;
    for (;;) {
      const rows = this.#range.all(deploymentId, since, until, after, CHUNK);
      for (const row of rows) yield toSnapshot(row);
      if (rows.length < CHUNK) return;
      after = rows[rows.length - 1]?.id ?? after;
    }
  }

  /** Keeps at most `maxCount` snapshots, none older than `before` (epoch ms). */
  trim(deploymentId: number, before: number, maxCount: number): number {
    return this.#deleteOlder.run(deploymentId, before).changes + this.#deleteBeyond.run(deploymentId, deploymentId, maxCount).changes;
  }
}

const toSnapshot = (row: { id: number; taken_at: number; data: string }): SnapshotRow => ({
  id: row.id,
  takenAt: row.taken_at,
  data: JSON.parse(row.data) as SnapshotData,
});
