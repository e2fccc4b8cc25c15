import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from './database.ts';
import { openDatabase } from '../../store.ts';
import { migrate } from './migrate.ts';
import { MIGRATIONS } from '../../migrations.ts';
import { BACKUP_DIR, StoreDamagedError, STORE_MARKER } from './store-check.ts';
import { registerStoreFunctions } from './uuid-key.ts';

const LATEST = MIGRATIONS.at(-1)?.version ?? 0;

/** A store with rows over many pages, closed cleanly (its WAL checkpointed away). */
function storeWithRows(dataDir: string, rows = 5_000): void {
  const db = openDatabase(dataDir);
  const insert = db.prepare('INSERT INTO tenants (name, created_at) VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < rows; i++) insert.run(`tenant ${i} ${'x'.repeat(40)}`, 'now');
  })();
  db.close();
}

/** As corrupt-probe.sh: `count` bytes inverted at random offsets past page 2 (a seeded generator, so every run damages the same bytes). */
function flipBytes(file: string, count: number): void {
  const size = statSync(file).size;
  let seed = 7;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648);
  const fd = openSync(file, 'r+');
  try {
    const byte = Buffer.alloc(1);
    for (let i = 0; i < count; i++) {
      const offset = 8192 + (next() % (size - 8192));
      readSync(fd, byte, 0, 1, offset);
      byte[0] = (byte[0] ?? 0) ^ 0xff;
      writeSync(fd, byte, 0, 1, offset);
    }
  } finally {
    closeSync(fd);
  }
}

describe('the store check at start', () => {
  let dir: string;
  const refusal = () => {
    try {
      openDatabase(dir).close();
    } catch (error) {
      return error as Error;
    }
    throw new Error('the store was opened');
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tach-check-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts a brand-new data dir with an empty store, and marks that a store now exists', () => {
    openDatabase(dir).close();
    expect(existsSync(join(dir, STORE_MARKER))).toBe(true);
    openDatabase(dir).close();
  });

  it('refuses a 0-byte store where one existed, naming the file, the backups and how to start fresh on purpose', () => {
    storeWithRows(dir, 10);
    truncateSync(join(dir, DATABASE_FILE), 0);
    const error = refusal();
    expect(error).toBeInstanceOf(StoreDamagedError);
    expect(error.message).toContain(`${join(dir, DATABASE_FILE)} is empty (0 bytes)`);
    expect(error.message).toContain(join(dir, BACKUP_DIR));
    expect(error.message).toContain(`To start with an empty store on purpose instead, move ${join(dir, DATABASE_FILE)}`);
    expect(statSync(join(dir, DATABASE_FILE)).size).toBe(0);
  });

  it('refuses a missing or empty store file when only backups say a store existed (a store from before the marker)', () => {
    storeWithRows(dir, 10);
    rmSync(join(dir, STORE_MARKER));
    mkdirSync(join(dir, BACKUP_DIR));
    writeFileSync(join(dir, BACKUP_DIR, 'tach-20261201T030000Z.db'), 'a backup');
    rmSync(join(dir, DATABASE_FILE));
    const error = refusal();
    expect(error.message).toContain('is missing');
    expect(error.message).toContain(`the newest backup (${join(dir, BACKUP_DIR, 'tach-20261201T030000Z.db')}`);
  });

  it('refuses a store with bytes flipped past page 2 at start, naming the file and the backups', () => {
    storeWithRows(dir);
    flipBytes(join(dir, DATABASE_FILE), 200);
    const error = refusal();
    expect(error).toBeInstanceOf(StoreDamagedError);
    expect(error.message).toContain(`The store ${join(dir, DATABASE_FILE)} is damaged`);
    expect(error.message).toContain(`There is no backup in ${join(dir, BACKUP_DIR)}`);
  });

  it('refuses garbage over the header with the same advice', () => {
    storeWithRows(dir, 10);
    const fd = openSync(join(dir, DATABASE_FILE), 'r+');
    writeSync(fd, Buffer.from('GARBAGEGARBAGEGARBAGE'), 0, 21, 0);
    closeSync(fd);
    const error = refusal();
    expect(error).toBeInstanceOf(StoreDamagedError);
    expect(error.message).toContain('Tach did not start so that nothing is overwritten');
  });

  it('opens and migrates a store from an older build (no marker yet), keeping its rows, and marks it', () => {
    const old = new BetterSqlite3(join(dir, DATABASE_FILE));
    registerStoreFunctions(old);
    old.pragma('journal_mode = WAL');
    migrate(old, MIGRATIONS.slice(0, 5));
    old.prepare("INSERT INTO tenants (name, created_at) VALUES ('kept', 'now')").run();
    old.close();
    const db = openDatabase(dir);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST);
      expect(db.prepare('SELECT name FROM tenants').pluck().all()).toEqual(['kept']);
    } finally {
      db.close();
    }
    expect(existsSync(join(dir, STORE_MARKER))).toBe(true);
  });
});
