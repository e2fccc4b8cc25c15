import type { Database } from 'better-sqlite3';
import type { Migration } from './migration.ts';
import { registerStoreFunctions } from './uuid-key.ts';

export class DatabaseTooNewError extends Error {
  readonly found: number;
  readonly supported: number;
  constructor(found: number, supported: number) {
    super(
      `This database was written by a newer Tach (schema version ${found}; this Tach knows up to ${supported}). ` +
        'Open it with that version, or point this one at another data directory.',
    );
    this.name = 'DatabaseTooNewError';
    this.found = found;
    this.supported = supported;
  }
}

/**
 * Brings the schema up to the last migration. Each step runs in its own transaction
 * together with its `user_version` bump, so a crash leaves the database at a whole step.
 */
export function migrate(db: Database, migrations: readonly Migration[]): { from: number; to: number } {
  // Steps may call the store's own SQL functions (a migration computes what the code computes).
  registerStoreFunctions(db);
  const latest = migrations.at(-1)?.version ?? 0;
  const from = db.pragma('user_version', { simple: true }) as number;
  if (from > latest) throw new DatabaseTooNewError(from, latest);
  for (const step of migrations) {
    if (step.version <= from) continue;
    db.transaction(() => {
      db.exec(step.up);
      db.pragma(`user_version = ${step.version}`);
    })();
  }
  return { from, to: latest };
}
