import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { migrate } from './migrate.ts';
import { MIGRATIONS } from './migrations/index.ts';
import type { Migration } from './migrations/migration.ts';
import { registerStoreFunctions } from './uuid-key.ts';

export const DATABASE_FILE = 'tach.db';

/**
 * Opens (creating if needed) the store in `dataDir`. WAL lets readers (REST, exports) run
 * beside the single writer; the busy timeout covers a checkpoint colliding with a read.
 */
export function openDatabase(dataDir: string): Database {
  mkdirSync(dataDir, { recursive: true });
  const db = new BetterSqlite3(join(dataDir, DATABASE_FILE));
  try {
    configure(db);
    migrate(db, MIGRATIONS);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * A second connection to a store `openDatabase` already migrated, for a writer thread: same
 * pragmas, no migration (the schema belongs to the connection that opened the store first).
 */
export function openDatabaseConnection(dataDir: string): Database {
  const db = new BetterSqlite3(join(dataDir, DATABASE_FILE), { fileMustExist: true });
  try {
    configure(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * A write transaction that takes the write lock at BEGIN (better-sqlite3's `.immediate`). Two
 * connections write to the store: the engine's and the writer thread's. A deferred transaction
 * whose first statement reads holds a read snapshot; if the other connection commits before it
 * writes, SQLite refuses the upgrade at once with SQLITE_BUSY ("database is locked") without
 * waiting out the busy timeout (seen at 50k Celery events/s). BEGIN IMMEDIATE waits instead.
 * Nested inside another transaction it is a savepoint, as any better-sqlite3 transaction.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the same signature as better-sqlite3's own transaction()
export function writeTransaction<F extends (...args: any[]) => any>(db: Database, fn: F): (...args: Parameters<F>) => ReturnType<F> {
  return db.transaction(fn).immediate as unknown as (...args: Parameters<F>) => ReturnType<F>;
}

/** An in-memory store with the full schema (or only the first steps, to test a migration), for tests. */
export function openMemoryDatabase(migrations: readonly Migration[] = MIGRATIONS): Database {
  const db = new BetterSqlite3(':memory:');
  configure(db);
  migrate(db, migrations);
  return db;
}

function configure(db: Database): void {
  registerStoreFunctions(db);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // 32 MiB of page cache (default 2 MiB): task upserts land at random places in the uuid key
  // and the secondary indexes; with the hot pages cached, a batch is CPU work, not page reads.
  db.pragma('cache_size = -32768');
  // SQLite checkpoints on the committing thread; every 1000 pages (the default) that meant copying
  // scattered index pages of a large task table back into the database several times a second.
  // Every 10,000 pages (about 40 MiB of WAL) repeated updates to a page coalesce: at 50k events/s
  // over 120 s the engine took in 4.5M events instead of 3.6M (bench, this machine).
  db.pragma('wal_autocheckpoint = 10000');
}
