import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../logging/logger.ts';
import { silentLogger } from '../logging/logger.ts';
import { openDatabase } from '../../store.ts';
import { backupOptionsFromEnv, DEFAULT_BACKUP_OPTIONS, StoreBackups } from './store-backups.ts';
import { BACKUP_DIR } from './store-check.ts';

const DAY = 24 * 3_600_000;

describe('StoreBackups', () => {
  let dir: string;
  let db: Database;
  let clock: number;
  const warnings: string[] = [];
  const log: Logger = { ...silentLogger(), warn: (message: string) => void warnings.push(message) };
  const backups = (options: Partial<ConstructorParameters<typeof StoreBackups>[0]> = {}) =>
    new StoreBackups({ ...DEFAULT_BACKUP_OPTIONS, reserveBytes: 0, dataDir: dir, log, now: () => (clock += DAY), ...options });
  const files = () => readdirSync(join(dir, BACKUP_DIR)).sort();

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tach-backup-'));
    db = openDatabase(dir);
    clock = Date.UTC(2026, 11, 1, 3);
    warnings.length = 0;
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies the store, rows and all, to a backup that opens on its own', async () => {
    db.prepare("INSERT INTO tenants (name, created_at) VALUES ('in the backup', 'now')").run();
    const outcome = await backups().backupNow();
    expect(outcome).toMatchObject({ kind: 'made', path: join(dir, BACKUP_DIR, 'tach-20261202T030000Z.db') });
    // Written after the copy: not in it.
    db.prepare("INSERT INTO tenants (name, created_at) VALUES ('after', 'now')").run();
    const restored = new BetterSqlite3(outcome.kind === 'made' ? outcome.path : '', { readonly: true });
    try {
      expect(restored.prepare('SELECT name FROM tenants').pluck().all()).toEqual(['in the backup']);
      expect(restored.pragma('quick_check', { simple: true })).toBe('ok');
    } finally {
      restored.close();
    }
    expect(files().some((name) => name.endsWith('.partial'))).toBe(false);
  });

  it('keeps the newest N and removes older ones', async () => {
    const keeper = backups({ keep: 2 });
    for (let i = 0; i < 4; i++) await keeper.backupNow();
    expect(files()).toEqual(['tach-20261204T030000Z.db', 'tach-20261205T030000Z.db']);
  });

  it('skips with a warning, writing nothing, when the disk could not hold the copy and its reserve', async () => {
    const outcome = await backups({ reserveBytes: 64 * 1024 * 1024, freeBytes: () => 10 * 1024 * 1024 }).backupNow();
    expect(outcome).toMatchObject({ kind: 'skipped', reason: expect.stringContaining('has 10 MB free') });
    expect(warnings).toEqual([expect.stringContaining('store backup skipped')]);
    expect(existsSync(join(dir, BACKUP_DIR))).toBe(false);
  });

  it('is made while another connection goes on writing (one read snapshot, no restart)', async () => {
    const insert = db.prepare("INSERT INTO tenants (name, created_at) VALUES (?, 'now')");
    db.transaction(() => {
      for (let i = 0; i < 20_000; i++) insert.run(`t${i} ${'x'.repeat(100)}`);
    })();
    const running = backups().backupNow();
    let written = 0;
    let done = false;
    void running.then(() => (done = true));
    while (!done) {
      insert.run(`during ${written++}`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await running).toMatchObject({ kind: 'made' });
    expect(written).toBeGreaterThan(0);
  });

  it('reads how many to keep and how often from the environment', () => {
    expect(backupOptionsFromEnv({ TACH_BACKUPS: '0', TACH_BACKUP_HOURS: '6' })).toMatchObject({ keep: 0, intervalMs: 6 * 3_600_000 });
    expect(backupOptionsFromEnv({ TACH_BACKUPS: 'lots' }).keep).toBe(DEFAULT_BACKUP_OPTIONS.keep);
  });
});
