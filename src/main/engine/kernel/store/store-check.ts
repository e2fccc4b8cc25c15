import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';

// Before the store is used: is it the store this data dir had? SQLite opens a 0-byte file as a new
// empty database and starts damaged files without a word; both would lose every tenant,
// deployment and history silently (the first) or answer 500 on views over the damage (the second).

export const DATABASE_FILE = 'tach.db';
/** Written once a store exists: its absence is how a first start is told from a lost store. */
export const STORE_MARKER = 'tach.db.created';
export const BACKUP_DIR = 'backups';
/** Backups are named tach-<UTC stamp>.db; the newest sorts last. */
export const BACKUP_PATTERN = /^tach-\d{8}T\d{6}Z\.db$/;

/** The store cannot be used as it is; the message says which file, where the backups are and what to do. */
export class StoreDamagedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreDamagedError';
  }
}

/** Backups in the data dir, oldest first. */
export function listBackups(dataDir: string): string[] {
  const dir = join(dataDir, BACKUP_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => BACKUP_PATTERN.test(name))
    .sort()
    .map((name) => join(dir, name));
}

const sizeOf = (path: string): number | undefined => {
  try {
    return statSync(path).size;
  } catch {
    return undefined;
  }
};

/**
 * Refuses a store file that is missing or empty where a store existed: the marker, a backup or
 * a WAL with content says one did. A data dir with none of them is new and starts empty.
 */
export function checkStoreFile(dataDir: string): void {
  const file = join(dataDir, DATABASE_FILE);
  const size = sizeOf(file);
  if (size !== undefined && size > 0) return;
  const evidence = [
    existsSync(join(dataDir, STORE_MARKER)) && `${STORE_MARKER} says a store was created here`,
    listBackups(dataDir).length > 0 && `there are backups of it`,
    (sizeOf(`${file}-wal`) ?? 0) > 0 && `${DATABASE_FILE}-wal holds changes to it`,
  ].filter((reason): reason is string => typeof reason === 'string');
  if (evidence.length === 0) return;
  const state = size === undefined ? 'is missing' : 'is empty (0 bytes)';
  throw new StoreDamagedError(`The store ${file} ${state}, but ${evidence.join(' and ')}. ${remedy(dataDir)}`);
}

/**
 * Stores larger than this are not checked at start (each backup is checked instead). quick_check
 * reads the whole file: a 290 MB store took 2.5 s with the file in the page cache and 8 s from
 * disk on this machine, so 1 GiB is a start delayed by about 10-30 s (README, "Data directory").
 */
export const CHECK_AT_START_MAX_BYTES = 1024 * 1024 * 1024;

/**
 * `PRAGMA quick_check`: every page and cell is read and checked, without matching indexes to
 * their tables (integrity_check's slow part). Returns false when the store was too large to check.
 */
export function checkStoreContent(db: Database, dataDir: string, maxBytes = CHECK_AT_START_MAX_BYTES): boolean {
  if ((sizeOf(join(dataDir, DATABASE_FILE)) ?? 0) > maxBytes) return false;
  const problems = db.pragma('quick_check(5)', { simple: false }) as { quick_check: string }[];
  const found = problems.map((row) => row.quick_check);
  if (found.length === 1 && found[0] === 'ok') return true;
  throw new StoreDamagedError(`The store ${join(dataDir, DATABASE_FILE)} is damaged (SQLite's check found: ${found.join('; ')}). ${remedy(dataDir)}`);
}

/** An error SQLite gives for a file that is not a sound database, as a StoreDamagedError that says what to do. */
export function asStoreDamaged(error: unknown, dataDir: string): unknown {
  const code = (error as { code?: unknown }).code;
  if (code !== 'SQLITE_CORRUPT' && code !== 'SQLITE_NOTADB' && code !== 'SQLITE_CORRUPT_INDEX') return error;
  return new StoreDamagedError(`The store ${join(dataDir, DATABASE_FILE)} is damaged (${(error as Error).message}). ${remedy(dataDir)}`);
}

/** Marks the data dir as holding a store, once it has one (a store from before the marker gets it at its next start). */
export function markStoreCreated(dataDir: string): void {
  const marker = join(dataDir, STORE_MARKER);
  if (existsSync(marker)) return;
  writeFileSync(
    marker,
    `Tach created its store ${DATABASE_FILE} in this directory. While this file exists, Tach refuses to start on a missing or empty ${DATABASE_FILE}\ninstead of silently starting a new, empty store. Delete this file only to start with an empty store on purpose.\n`,
  );
}

function remedy(dataDir: string): string {
  const file = join(dataDir, DATABASE_FILE);
  const backups = listBackups(dataDir);
  const newest = backups.at(-1);
  const restore = newest
    ? `To go back to the newest backup (${newest}, ${backups.length} kept in ${join(dataDir, BACKUP_DIR)}): move ${file}, ${file}-wal and ${file}-shm out of the way, copy the backup to ${file}, and start Tach again.`
    : `There is no backup in ${join(dataDir, BACKUP_DIR)} to go back to.`;
  return `Tach did not start so that nothing is overwritten. ${restore} To start with an empty store on purpose instead, move ${file}, its -wal and -shm files and ${join(dataDir, STORE_MARKER)} out of the way.`;
}
