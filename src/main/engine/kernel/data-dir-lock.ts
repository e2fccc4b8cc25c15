import Database from 'better-sqlite3';
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/**
 * Who holds the data dir: the holder's pid on the first line (what older builds wrote, and what
 * scripts read with `head -1`), then its host name and its start time. Written once the lock is
 * held, removed on a clean stop. Information only: it decides nothing, so deleting it is harmless.
 */
export const LOCK_FILE = 'tach.lock';
/**
 * The lock itself: an empty SQLite database kept in an exclusive transaction for the life of the
 * engine. Never deleted, even on a clean stop: a process may have it open and be about to lock it,
 * and a new file by the same name would let a second engine lock that one.
 */
export const LOCK_DB_FILE = 'tach.lock.db';

export interface LockHolder {
  pid: number;
  host?: string;
  startedAt?: string;
}

export class DataDirBusyError extends Error {
  constructor(dataDir: string, holder: LockHolder | undefined) {
    super(`Another Tach ${describe(holder)}is using ${dataDir}. Stop it, or give this one another data directory.`);
    this.name = 'DataDirBusyError';
  }
}

function describe(holder: LockHolder | undefined): string {
  if (!holder) return '';
  const host = holder.host && holder.host !== hostname() ? ` on ${holder.host}` : '';
  const started = holder.startedAt ? `, started at ${holder.startedAt}` : '';
  return `(pid ${holder.pid}${host}${started}) `;
}

/**
 * One engine per data directory: two would both consume the same queues and fight over the store.
 *
 * The lock is SQLite's own file lock (fcntl on POSIX, LockFileEx on Windows), which the kernel
 * drops when the holder dies: its descriptors close once its last thread has exited, while it may
 * then linger as a zombie for seconds until its parent reaps it, so
 * a restart right after a crash is never refused, and no pid (reused after a reboot, or a zombie)
 * is ever taken for a live Tach. SQLite tracks POSIX locks per file across the connections of a
 * process, so a second lock from this same process is refused too. Nothing in this process may
 * open LOCK_DB_FILE other than through SQLite: closing any other descriptor of it would drop the
 * lock (a POSIX rule).
 *
 * A `tach.lock` from an older build (a pid, and no kernel lock) is simply overwritten: only the
 * kernel lock says whether a Tach is running.
 */
// Open lock connections, so that a caller dropping its unlock function cannot let the garbage
// collector close one (which would release its lock).
const held = new Set<Database.Database>();

export function lockDataDir(dataDir: string): () => void {
  // SQLite reports a missing directory as "unable to open": say what it is.
  if (!statSync(dataDir).isDirectory()) throw new Error(`${dataDir} is not a directory.`);
  // Busy at once: a lock held by a live engine stays held, so waiting would only delay the refusal.
  const db = new Database(join(dataDir, LOCK_DB_FILE), { timeout: 0 });
  try {
    // No journal file beside it: the transaction never writes, the file stays empty.
    db.pragma('journal_mode = MEMORY');
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db.close();
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') throw new DataDirBusyError(dataDir, readLockHolder(dataDir));
    throw new Error(`Could not lock ${dataDir} (${LOCK_DB_FILE}): ${(error as Error).message}`, { cause: error });
  }
  const infoPath = join(dataDir, LOCK_FILE);
  try {
    writeHolder(infoPath);
  } catch (error) {
    db.close();
    throw error;
  }
  held.add(db);
  return () => {
    if (!held.delete(db)) return;
    // While still locked: a next holder's file must not be the one removed.
    rmSync(infoPath, { force: true });
    db.exec('ROLLBACK');
    db.close();
  };
}

/** What `tach.lock` says about the holder; read without the lock, so it may be missing or stale. */
export function readLockHolder(dataDir: string): LockHolder | undefined {
  let text;
  try {
    text = readFileSync(join(dataDir, LOCK_FILE), 'utf8');
  } catch {
    return undefined;
  }
  const [pidLine = '', host, startedAt] = text.split('\n').map((line) => line.trim());
  const pid = Number(pidLine);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return { pid, ...(host ? { host } : {}), ...(startedAt ? { startedAt } : {}) };
}

function writeHolder(path: string): void {
  // Renamed into place, so a refused start never reads half a file.
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${process.pid}\n${hostname()}\n${new Date().toISOString()}\n`, { mode: 0o600 });
  renameSync(temp, path);
}
