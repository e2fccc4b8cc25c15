import BetterSqlite3, { type Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseTooNewError, migrate } from './migrate.ts';
import type { Migration } from './migration.ts';
import { MIGRATIONS } from '../../migrations.ts';

const userVersion = (db: Database): number => db.pragma('user_version', { simple: true }) as number;
const tableNames = (db: Database): string[] =>
  db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all()
    .map((row) => row.name);

describe('migrate', () => {
  const open: Database[] = [];
  const fresh = (): Database => {
    const db = new BetterSqlite3(':memory:');
    open.push(db);
    return db;
  };

  afterEach(() => {
    for (const db of open.splice(0)) db.close();
  });

  it('brings a fresh database to the last migration', () => {
    const db = fresh();
    const latest = MIGRATIONS.at(-1)?.version ?? 0;
    expect(latest).toBeGreaterThan(0);

    expect(migrate(db, MIGRATIONS)).toEqual({ from: 0, to: latest });
    expect(userVersion(db)).toBe(latest);
    expect(tableNames(db)).toEqual(expect.arrayContaining(['tenants', 'deployments', 'connection_checks']));
  });

  it('is a no-op when run again', () => {
    const db = fresh();
    migrate(db, MIGRATIONS);
    db.prepare("INSERT INTO tenants (name, created_at) VALUES ('Acme', '2024-01-01T00:00:00.000Z')").run();
    const before = db.prepare('SELECT sql FROM sqlite_master ORDER BY name').all();

    const latest = MIGRATIONS.at(-1)?.version ?? 0;
    expect(migrate(db, MIGRATIONS)).toEqual({ from: latest, to: latest });
    expect(userVersion(db)).toBe(latest);
    expect(db.prepare('SELECT sql FROM sqlite_master ORDER BY name').all()).toEqual(before);
    expect(db.prepare('SELECT name FROM tenants').all()).toEqual([{ name: 'Acme' }]);
  });

  it('refuses a database written by a newer Tach and leaves it alone', () => {
    const db = fresh();
    const latest = MIGRATIONS.at(-1)?.version ?? 0;
    db.pragma(`user_version = ${latest + 5}`);

    let thrown: unknown;
    try {
      migrate(db, MIGRATIONS);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DatabaseTooNewError);
    const tooNew = thrown as DatabaseTooNewError;
    expect(tooNew.message).toContain('newer Tach');
    expect(tooNew.found).toBe(latest + 5);
    expect(tooNew.supported).toBe(latest);
    expect(userVersion(db)).toBe(latest + 5);
    expect(tableNames(db)).toEqual([]);
  });

  it('runs only the steps above the current version, in order', () => {
    const db = fresh();
    const steps: Migration[] = [
      { version: 1, name: 'one', up: 'CREATE TABLE one (x INTEGER);' },
      { version: 2, name: 'two', up: 'CREATE TABLE two (x INTEGER);' },
    ];
    migrate(db, steps.slice(0, 1));
    expect(userVersion(db)).toBe(1);

    expect(migrate(db, steps)).toEqual({ from: 1, to: 2 });
    expect(userVersion(db)).toBe(2);
    expect(tableNames(db)).toEqual(['one', 'two']);
  });

  it('leaves the database at the last whole step when a step fails', () => {
    const db = fresh();
    const steps: Migration[] = [
      { version: 1, name: 'good', up: 'CREATE TABLE good (x INTEGER);' },
      // The first statement would succeed on its own; the transaction must undo it with the failure.
      { version: 2, name: 'broken', up: 'CREATE TABLE half (x INTEGER); CREATE TABLE oops (;' },
      { version: 3, name: 'never', up: 'CREATE TABLE never (x INTEGER);' },
    ];

    expect(() => migrate(db, steps)).toThrow();
    expect(userVersion(db)).toBe(1);
    expect(tableNames(db)).toEqual(['good']);
  });

  it('treats an empty migration list as version 0', () => {
    const db = fresh();
    expect(migrate(db, [])).toEqual({ from: 0, to: 0 });
    expect(userVersion(db)).toBe(0);
  });
});
