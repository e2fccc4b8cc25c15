import type { Database } from 'better-sqlite3';
import { openMemoryStore, openStore, type StoreOptions } from './kernel/store/database.ts';
import type { Migration } from './kernel/store/migration.ts';
import { MIGRATIONS } from './migrations.ts';

/** Opens (creating if needed) the store in `dataDir`, migrated by every capability's steps. */
export function openDatabase(dataDir: string, options: StoreOptions = {}): Database {
  return openStore(dataDir, MIGRATIONS, options);
}

/** An in-memory store with the full schema (or only the first steps, to test a migration), for tests. */
export function openMemoryDatabase(migrations: readonly Migration[] = MIGRATIONS): Database {
  return openMemoryStore(migrations);
}
