import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openDatabaseConnection, writeTransaction } from './database.ts';
import { openDatabase, openMemoryDatabase } from '../../store.ts';
import { DatabaseTooNewError } from './migrate.ts';
import { WriteTurn } from './write-turn.ts';
import { MIGRATIONS } from '../../migrations.ts';

const LATEST = MIGRATIONS.at(-1)?.version ?? 0;

describe('openDatabase', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tach-db-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the store in a new directory with WAL, foreign keys and the full schema', () => {
    const dataDir = join(dir, 'nested', 'data');
    const db = openDatabase(dataDir);
    try {
      expect(db.name).toBe(join(dataDir, DATABASE_FILE));
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST);
    } finally {
      db.close();
    }
  });

  it('keeps data across reopenings', () => {
    const first = openDatabase(dir);
    first.prepare("INSERT INTO tenants (name, created_at) VALUES ('Acme', 'now')").run();
    first.close();

    const second = openDatabase(dir);
    try {
      expect(second.prepare('SELECT name FROM tenants').all()).toEqual([{ name: 'Acme' }]);
    } finally {
      second.close();
    }
  });

  it('refuses a store from a newer Tach and closes it (the file can be opened again)', () => {
    const raw = new BetterSqlite3(join(dir, DATABASE_FILE));
    raw.pragma(`user_version = ${LATEST + 1}`);
    raw.close();

    expect(() => openDatabase(dir)).toThrow(DatabaseTooNewError);
    // Still readable and untouched afterwards.
    const check = new BetterSqlite3(join(dir, DATABASE_FILE));
    try {
      expect(check.pragma('user_version', { simple: true })).toBe(LATEST + 1);
    } finally {
      check.close();
    }
  });
});

describe('openMemoryDatabase', () => {
  it('has foreign keys on and the full schema', () => {
    const db = openMemoryDatabase();
    try {
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST);
    } finally {
      db.close();
    }
  });
});

describe('writeTransaction', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tach-db-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  // The writer thread reads (a task look-up) before it writes; the engine's connection commits
  // meanwhile. A deferred transaction then fails at its first write; an immediate one cannot.
  it('holds the write lock from its first statement, so a read-then-write is never refused for a stale snapshot', () => {
    const writer = openDatabase(dir);
    const other = openDatabaseConnection(dir);
    other.pragma('busy_timeout = 0');
    writer.exec('CREATE TABLE counter (n INTEGER NOT NULL)');
    writer.exec('INSERT INTO counter VALUES (0)');
    const readThenWrite = (interfere: () => void) => () => {
      const n = writer.prepare<[], number>('SELECT n FROM counter').pluck().get() ?? 0;
      interfere();
      writer.prepare('UPDATE counter SET n = ?').run(n + 1);
    };
    try {
      const bump = () => other.exec('UPDATE counter SET n = n + 100');
      expect(() => writer.transaction(readThenWrite(bump))()).toThrow('database is locked');
      let refused: unknown;
      writeTransaction(writer, readThenWrite(() => {
        try {
          bump();
        } catch (error) {
          refused = error;
        }
      }))();
      expect(String(refused)).toContain('database is locked');
      expect(writer.prepare('SELECT n FROM counter').pluck().get()).toBe(101);
    } finally {
      other.close();
      writer.close();
    }
  });
});


describe('the engine connection', () => {
  it("tells of every write of its own that fails, statement or transaction, and still throws it", () => {
    const dir = mkdtempSync(join(tmpdir(), 'tach-db-'));
    const failed: unknown[] = [];
    const db = openDatabase(dir, { writeTurn: new WriteTurn(), onWriteFailed: (error) => failed.push(error) });
    try {
      const insert = db.prepare('INSERT INTO tenants (name, created_at) VALUES (?, ?)');
      insert.run('acme', 'now');
      expect(failed).toEqual([]);
      expect(() => insert.run(null, 'now')).toThrow(/NOT NULL/);
      expect(() => writeTransaction(db, () => insert.run('acme', 'now'))()).toThrow(/UNIQUE/);
      expect(failed.map((error) => (error as { code?: string }).code)).toEqual(['SQLITE_CONSTRAINT_NOTNULL', 'SQLITE_CONSTRAINT_UNIQUE']);
      // Inside a transaction the statement's failure is the transaction's: told once, not twice.
      expect(failed).toHaveLength(2);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
