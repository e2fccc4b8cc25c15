import { renameSync, rmSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';

// One backup of the store, on a thread of its own so neither the engine's thread (consumers,
// acks, the UI) nor the writer's waits for the copy. SQLite's online backup restarts whenever
// another connection writes between two steps, which the writer does all the time during ingest:
// so the copy is one step, one read snapshot, which in WAL mode does not block the writer.

export interface BackupJob {
  source: string;
  destination: string;
}
export type BackupResult = { ok: true; bytes: number; check: string } | { ok: false; message: string; code?: string };

const port = parentPort;
if (!port) throw new Error('store-backup-worker must run as a worker thread');
const { source, destination } = workerData as BackupJob;
const partial = `${destination}.partial`;

async function run(): Promise<BackupResult> {
  const db = new BetterSqlite3(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const { totalPages } = await db.backup(partial, { progress: () => 0x7fffffff });
    // The copy is checked as the store is at start: a backup to go back to must be sound (and a
    // store too large to check at start is checked here, off the hot path).
    const copy = new BetterSqlite3(partial, { fileMustExist: true });
    let check: string;
    try {
      check = (copy.pragma('quick_check(5)', { simple: false }) as { quick_check: string }[]).map((row) => row.quick_check).join('; ');
    } finally {
      copy.close();
    }
    if (check !== 'ok') {
      rmSync(partial, { force: true });
      return { ok: false, message: `the copy of the store is damaged (SQLite's check found: ${check}); the store itself probably is` };
    }
    renameSync(partial, destination);
    return { ok: true, bytes: totalPages * (db.pragma('page_size', { simple: true }) as number), check };
  } finally {
    db.close();
  }
}

run().then(
  (result) => port.postMessage(result),
  (error: unknown) => {
    rmSync(partial, { force: true });
    port.postMessage({ ok: false, message: (error as Error).message, code: (error as { code?: string }).code } satisfies BackupResult);
  },
);
