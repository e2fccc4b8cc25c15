import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/contract/result.ts';
import type { AppInfo, Tenant } from '../../shared/domain/types.ts';
import { DataDirBusyError, LOCK_FILE, lockDataDir, readLockHolder } from './kernel/data-dir-lock.ts';
import { Engine, type EngineOptions } from './engine.ts';
import { silentLogger } from './kernel/logging/logger.ts';
import { KeyFileCipher } from './kernel/secrets/key-file-cipher.ts';
import { SecretBox } from './kernel/secrets/secret-box.ts';
import { DATABASE_FILE } from './kernel/store/database.ts';
import { DatabaseTooNewError } from './kernel/store/migrate.ts';

function value<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value as T;
}

describe('Engine', () => {
  let dir: string;
  const engines: Engine[] = [];

  const make = (overrides: Partial<EngineOptions> = {}): Engine => {
    const engine = new Engine({
      dataDir: dir,
      door: 'headless',
      version: '1.2.3',
      log: silentLogger(),
      secrets: new SecretBox(new KeyFileCipher(Buffer.alloc(32, 7))),
      ...overrides,
    });
    engines.push(engine);
    return engine;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tach-engine-'));
  });

  afterEach(async () => {
    for (const engine of engines.splice(0)) await engine.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers unavailable before start and after stop', async () => {
    const engine = make();
    expect(engine.status).toBe('idle');
    expect(await engine.dispatch('tenants.list', undefined)).toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'Tach is not running.' },
    });
    await engine.start();
    expect(engine.status).toBe('running');
    expect((await engine.dispatch('tenants.list', undefined)).ok).toBe(true);
    await engine.stop();
    expect(engine.status).toBe('stopped');
    expect((await engine.dispatch('tenants.list', undefined)).ok).toBe(false);
  });

  it('start and stop are idempotent', async () => {
    const engine = make();
    await Promise.all([engine.start(), engine.start()]);
    await engine.start();
    await Promise.all([engine.stop(), engine.stop()]);
    await engine.stop();
    expect(engine.status).toBe('stopped');
  });

  it('describes itself with app.info; native dialogs only with a platform that can open and save files', async () => {
    const plain = make();
    await plain.start();
    expect(value<AppInfo>(await plain.dispatch('app.info', undefined))).toEqual({
      version: '1.2.3',
      door: 'headless',
      dataDir: dir,
      capabilities: { nativeFileDialogs: false },
    });
    await plain.stop();

    const desktop = make({ door: 'desktop', platform: { pickFile: async () => '/etc/ca.pem', pickSavePath: async () => '/tmp/out.csv' } });
    await desktop.start();
    const info = value<AppInfo>(await desktop.dispatch('app.info', {}));
    expect(info).toMatchObject({ door: 'desktop', capabilities: { nativeFileDialogs: true } });
  });

  it('answers dialog.pickFile through the platform, and unavailable without one', async () => {
    const plain = make();
    await plain.start();
    const refused = await plain.dispatch('dialog.pickFile', { title: 'CA file' });
    expect(refused.ok ? undefined : refused.error.code).toBe('unavailable');
    await plain.stop();

    const asked: unknown[] = [];
    const desktop = make({
      platform: {
        pickFile: async (input) => {
          asked.push(input);
          return '/etc/ca.pem';
        },
      },
    });
    await desktop.start();
    const filters = [{ name: 'PEM', extensions: ['pem', 'crt'] }];
    expect(value(await desktop.dispatch('dialog.pickFile', { title: ' CA file ', filters }))).toEqual({ path: '/etc/ca.pem' });
    expect(asked).toEqual([{ title: 'CA file', filters }]);
  });

  it('answers unknown_channel for a channel that does not exist', async () => {
    const engine = make();
    await engine.start();
    const result = await engine.dispatch('tenants.destroyAll', {});
    expect(result).toEqual({ ok: false, error: { code: 'unknown_channel', message: 'There is no request "tenants.destroyAll".' } });
    expect((await engine.dispatch('__proto__', {})).ok).toBe(false);
  });

  it('keeps its data across a restart on the same directory', async () => {
    const first = make();
    await first.start();
    const acme = value<Tenant>(await first.dispatch('tenants.create', { name: 'Acme' }));
    await first.stop();

    const second = make();
    await second.start();
    expect(value<Tenant[]>(await second.dispatch('tenants.list', undefined))).toEqual([acme]);
  });

  it('holds the data dir lock while running and releases it on stop', async () => {
    const engine = make();
    await engine.start();
    expect(readLockHolder(dir)?.pid).toBe(process.pid);
    await engine.stop();
    expect(() => readFileSync(join(dir, LOCK_FILE))).toThrow(/ENOENT/);
    lockDataDir(dir)();
  });

  it('a second engine on the same data dir is refused while the first runs, and starts after it stopped', async () => {
    const first = make();
    await first.start();

    const second = make();
    await expect(second.start()).rejects.toBeInstanceOf(DataDirBusyError);
    expect(second.status).not.toBe('running');
    // The first is untouched by the attempt.
    expect((await first.dispatch('tenants.list', undefined)).ok).toBe(true);

    await first.stop();
    const third = make();
    await third.start();
    expect(third.status).toBe('running');
  });

  it('is refused while someone else holds the lock, and leaves it held', async () => {
    const unlock = lockDataDir(dir);
    const engine = make();
    await expect(engine.start()).rejects.toBeInstanceOf(DataDirBusyError);
    // Like a failed database open: a start that failed leaves the engine stopped, not "starting".
    expect(engine.status).toBe('stopped');
    expect(() => lockDataDir(dir)).toThrow(DataDirBusyError);
    unlock();
  });

  it('fails to start on a store from a newer Tach and releases the lock', async () => {
    const raw = new BetterSqlite3(join(dir, DATABASE_FILE));
    raw.pragma('user_version = 999');
    raw.close();

    const engine = make();
    await expect(engine.start()).rejects.toBeInstanceOf(DatabaseTooNewError);
    expect(engine.status).toBe('stopped');
    expect(() => readFileSync(join(dir, LOCK_FILE))).toThrow(/ENOENT/);
    lockDataDir(dir)();
    expect((await engine.dispatch('tenants.list', undefined)).ok).toBe(false);
  });

  it('a throwing event listener does not break a request or silence other listeners', async () => {
    const engine = make();
    await engine.start();
    const seen: string[] = [];
    engine.subscribe(() => {
      throw new Error('broken window');
    });
    engine.subscribe((event) => seen.push(event));
    expect((await engine.dispatch('tenants.create', { name: 'Acme' })).ok).toBe(true);
    expect(seen).toEqual(['entities.changed']);
  });

  it('stops delivering events to an unsubscribed listener', async () => {
    const engine = make();
    await engine.start();
    const seen: string[] = [];
    const unsubscribe = engine.subscribe((event) => seen.push(event));
    await engine.dispatch('tenants.create', { name: 'A' });
    unsubscribe();
    await engine.dispatch('tenants.create', { name: 'B' });
    expect(seen).toHaveLength(1);
  });
});
