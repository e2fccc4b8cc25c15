import type { Database, Statement } from 'better-sqlite3';
import { writeTransaction } from '../../../kernel/store/database.ts';

interface UnindexedRow {
  id: number;
  name: string | null;
  args: string | null;
  kwargs: string | null;
  result: string | null;
  exception: string | null;
}

/**
 * Fills the tasks' trigram search index (migration 007) behind ingest. Indexing costs about as
 * much as storing a task, so it is never on the ingest path: the writer thread calls `indexSome`
 * only when no batch is waiting, a chunk at a time. Under a sustained peak the index lags and the
 * rows it has not reached are searched by a scan (celery-task-query.ts); it catches up when idle.
 */
export class SearchIndexer {
  readonly #unindexed: Statement<[number], UnindexedRow>;
  readonly #indexChunk: (rows: UnindexedRow[]) => void;

  constructor(db: Database) {
    this.#unindexed = db.prepare('SELECT id, name, args, kwargs, result, exception FROM celery_tasks WHERE searchable = 0 ORDER BY id LIMIT ?');
    // A contentless index forgets a row only when told: drop the old version before adding the new.
    const forget = db.prepare<[number]>('DELETE FROM celery_task_search WHERE rowid = ?');
    const add = db.prepare<[number, string | null, string | null, string | null, string | null, string | null]>(
      'INSERT INTO celery_task_search (rowid, name, args, kwargs, result, exception) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const mark = db.prepare<[number]>('UPDATE celery_tasks SET searchable = 1 WHERE id = ?');
    this.#indexChunk = writeTransaction(db, (rows: UnindexedRow[]) => {
      for (const row of rows) {
        forget.run(row.id);
        add.run(row.id, row.name, row.args, row.kwargs, row.result, row.exception);
        mark.run(row.id);
      }
    });
  }

  /** Indexes up to `limit` rows, oldest first; returns how many (0: the index is complete). */
  indexSome(limit: number): number {
    const rows = this.#unindexed.all(limit);
    if (rows.length > 0) this.#indexChunk(rows);
    return rows.length;
  }
}
