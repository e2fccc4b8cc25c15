import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { migrate } from './migrate.ts';
import type { Migration } from './migration.ts';
import { asStoreDamaged, checkStoreContent, checkStoreFile, DATABASE_FILE, markStoreCreated } from './store-check.ts';
import { registerStoreFunctions } from './uuid-key.ts';
import type { WriteTurn } from './write-turn.ts';

export { DATABASE_FILE };

export const BUSY_TIMEOUT_MS = 5000;

/** Which side of a write turn (write-turn.ts) a connection is on. */
const turns = new WeakMap<Database, { turn: WriteTurn; side: 'engine' | 'writer'; onWriteFailed?: (error: unknown) => void }>();

export interface StoreOptions {
  /** Every write on this connection takes turns with the store writer thread (write-turn.ts). */
  writeTurn?: WriteTurn;
  /**
   * Told of every write on this connection that fails (then rethrown): the engine's own writes
   * (alerts, queue samples, settings) must tell a full disk as the writer thread's commits do.
   */
  onWriteFailed?: (error: unknown) => void;
}

/**
 * Opens (creating if needed) the store in `dataDir`. WAL lets readers (REST, exports) run
 * beside the single writer; the busy timeout covers a checkpoint colliding with a read.
 * With `writeTurn`, every write on this connection takes turns with the store writer thread.
 * A store that is missing or empty where one existed, or damaged, is refused with a
 * StoreDamagedError saying what to do (store-check.ts).
 */
export function openStore(dataDir: string, migrations: readonly Migration[], options: StoreOptions = {}): Database {
  mkdirSync(dataDir, { recursive: true });
  checkStoreFile(dataDir);
  let db: Database;
  try {
    db = new BetterSqlite3(join(dataDir, DATABASE_FILE));
  } catch (error) {
    throw asStoreDamaged(error, dataDir);
  }
  try {
    configure(db);
    checkStoreContent(db, dataDir);
    migrate(db, migrations);
    markStoreCreated(dataDir);
    if (options.writeTurn) takeTurnsToWrite(db, options.writeTurn, options.onWriteFailed);
    return db;
  } catch (error) {
    db.close();
    throw asStoreDamaged(error, dataDir);
  }
}

/**
 * A second connection to a store `openStore` already migrated, for a writer thread: same
 * pragmas, no migration (the schema belongs to the connection that opened the store first).
 */
export function openDatabaseConnection(dataDir: string, options: { writeTurn?: WriteTurn } = {}): Database {
  const db = new BetterSqlite3(join(dataDir, DATABASE_FILE), { fileMustExist: true });
  try {
    configure(db);
    if (options.writeTurn) turns.set(db, { turn: options.writeTurn, side: 'writer' });
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
 * On a connection with a write turn, the outermost one takes its turn (write-turn.ts).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the same signature as better-sqlite3's own transaction()
export function writeTransaction<F extends (...args: any[]) => any>(db: Database, fn: F): (...args: Parameters<F>) => ReturnType<F> {
  const immediate = db.transaction(fn).immediate as unknown as (...args: Parameters<F>) => ReturnType<F>;
  const shared = turns.get(db);
  if (!shared) return immediate;
  const { turn, side, onWriteFailed } = shared;
  return (...args) => {
    if (db.inTransaction) return immediate(...args);
    if (side === 'writer') return turn.hold(() => immediate(...args));
    return reportingFailure(onWriteFailed, () => turn.take(() => immediate(...args)));
  };
}

/**
 * The engine's connection writes in many places (stores for settings, alerts, samples, snapshots);
 * every statement that writes, run outside a transaction, takes the turn there. Statements are
 * wrapped as they are prepared, so a store written later cannot forget to.
 */
function takeTurnsToWrite(db: Database, turn: WriteTurn, onWriteFailed?: (error: unknown) => void): void {
  turns.set(db, { turn, side: 'engine', onWriteFailed });
  const prepare = db.prepare.bind(db);
  db.prepare = ((source: string) => {
    const statement = prepare(source);
    if (statement.reader) return statement;
    const run = statement.run.bind(statement);
    statement.run = (...params: unknown[]) => (db.inTransaction ? run(...params) : reportingFailure(onWriteFailed, () => turn.take(() => run(...params))));
    return statement;
  }) as Database['prepare'];
}

function reportingFailure<T>(onWriteFailed: ((error: unknown) => void) | undefined, write: () => T): T {
  try {
    return write();
  } catch (error) {
    onWriteFailed?.(error);
    throw error;
  }
}

/** An in-memory store with the full schema (or only the first steps, to test a migration), for tests. */
export function openMemoryStore(migrations: readonly Migration[]): Database {
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
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // 32 MiB of page cache (default 2 MiB): task upserts land at random places in the uuid key
  // and the secondary indexes; with the hot pages cached, a batch is CPU work, not page reads.
  db.pragma('cache_size = -32768');
  // SQLite checkpoints on the committing thread; every 1000 pages (the default) that meant copying
  // scattered index pages of a large task table back into the database several times a second.
  // Every 10,000 pages (about 40 MiB of WAL) repeated updates to a page coalesce: at 50k events/s
  // over 120 s the engine took in 4.5M events instead of 3.6M (bench, this machine).
  db.pragma('wal_autocheckpoint = 10000');
  // ... but the WAL file kept that high-water mark for good, beside small stores and on full
  // disks. Once a checkpoint has copied it all, the next writer starts the WAL over and cuts the
  // file to this size; the writer thread also checkpoints and truncates it when ingest pauses.
  db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT}`);
}

/** The WAL file's size once a checkpoint completes (README, "Data directory"). */
export const JOURNAL_SIZE_LIMIT = 16 * 1024 * 1024;
