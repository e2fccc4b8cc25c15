import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createTaskRecord } from '../../src/main/engine/capabilities/celery/events/task-record.ts';
import { silentLogger } from '../../src/main/engine/kernel/logging/logger.ts';
import { CeleryStore } from '../../src/main/engine/capabilities/celery/store/celery-store.ts';
import { StoreWriterThread } from '../../src/main/engine/kernel/store/store-writer-thread.ts';
import { threadCeleryWriter } from '../../src/main/engine/capabilities/celery/store/celery-batch-writer.ts';
import { openDatabase } from '../../src/main/engine/store.ts';

// No Electron binary can run here, but the built desktop door can: under Node, with `electron`
// resolved to a recording stub (test/support/electron-stub). This checks what the bundle really
// does: window hardening, the IPC binding and its sender check, keychain sealing, the native
// dialog, events to windows, and an orderly quit.
const root = fileURLToPath(new URL('../..', import.meta.url));
const bundle = join(root, 'out/main/desktop.js');
const dataDir = mkdtempSync(join(tmpdir(), 'tach-desktop-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Report {
  saveDialog?: { defaultPath: string; filters: unknown[] };
  windows: { options: { webPreferences: Record<string, unknown> }; url: string }[];
  sent: unknown[][];
  errors: string[];
  calls: Record<string, { ok: boolean; value?: Record<string, unknown>; error?: { code: string } }>;
  notifications: { title: string; body: string; urgency: string }[];
  exitCode: number;
}

function runDesktopDoor(): Report {
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run "npm run build" first (npm test does).`);
  const result = spawnSync(process.execPath, ['--import', join(root, 'test/support/electron-stub/register.mjs'), bundle], {
    env: { ...process.env, TACH_DATA_DIR: dataDir, TACH_STUB_SAVE_PATH: join(dataDir, 'export.csv') },
    encoding: 'utf8',
    timeout: 30_000,
  });
  const line = result.stdout.split('\n').find((text) => text.startsWith('STUB-REPORT '));
  if (!line) throw new Error(`the desktop door printed no report (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  return JSON.parse(line.slice('STUB-REPORT '.length)) as Report;
}

describe('desktop door (built bundle, stubbed Electron)', () => {
  const report = runDesktopDoor();

  it('starts without an error box and quits cleanly, stopping the engine', () => {
    expect(report.errors).toEqual([]);
    expect(report.exitCode).toBe(0);
    expect(existsSync(join(dataDir, 'tach.lock'))).toBe(false);
    expect(readFileSync(join(dataDir, 'logs', 'tach.log'), 'utf8')).toContain('engine stopped');
  });

  it('opens one hardened window on the built renderer with the built preload', () => {
    expect(report.windows).toHaveLength(1);
    const [window] = report.windows;
    expect(window?.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(existsSync(String(window?.options.webPreferences.preload))).toBe(true);
    expect(window?.url).toMatch(/^file:\/\/.*\/out\/renderer\/index\.html$/);
    expect(existsSync(fileURLToPath(window?.url ?? ''))).toBe(true);
  });

  it('serves the contract over IPC to its own page, with desktop capabilities', () => {
    expect(report.calls.info).toMatchObject({ ok: true, value: { door: 'desktop', capabilities: { nativeFileDialogs: true } } });
    expect(report.calls.createTenant).toMatchObject({ ok: true, value: { id: 1, name: 'desk' } });
    expect(report.calls.createDeployment).toMatchObject({ ok: true, value: { broker: { url: 'amqp://ops:****@127.0.0.1:1/' } } });
    expect(report.calls.pickFile).toEqual({ ok: true, value: { path: '/etc/ssl/picked-ca.pem' } });
    expect(report.calls.unknownChannel).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('exports snapshots to the file picked in a native save dialog, reporting progress', () => {
    expect(report.saveDialog).toMatchObject({ defaultPath: 'tach-prod-snapshots-all.csv', filters: [{ name: 'CSV', extensions: ['csv'] }] });
    expect(report.calls.exportSnapshots).toEqual({ ok: true, value: { path: join(dataDir, 'export.csv'), rows: 0 } });
    expect(readFileSync(join(dataDir, 'export.csv'), 'utf8')).toMatch(/^\uFEFFtaken_at,deployment,worker,/);
    expect(report.sent).toContainEqual(['tach:event', 'export.progress', { path: join(dataDir, 'export.csv'), rows: 0, done: true }]);
  });

  it('shows a desktop notification when an alert opens', () => {
    expect(report.notifications).toEqual([
      { title: 'Tach: alert', body: expect.stringContaining('Broker health polling fails: Not connected to the broker'), urgency: 'normal' },
    ]);
  });

  it('refuses requests from any other page or from a sub-frame', () => {
    expect(report.calls.foreignFrame).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(report.calls.subFrame).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('pushes engine events to the window', () => {
    expect(report.sent).toContainEqual(['tach:event', 'entities.changed', { kind: 'tenant', id: 1, action: 'created' }]);
  });

  it('seals passwords with the system keychain, never storing them in clear', () => {
    const database = readFileSync(join(dataDir, 'tach.db')).toString('latin1') + readFileSync(join(dataDir, 'tach.db-wal'), { flag: 'a+' }).toString('latin1');
    expect(database).toContain('safestorage:');
    expect(database).not.toContain('desk-secret-42');
  });

  it('commits Celery batches through the writer thread it bundles as its own file', async () => {
    const db = openDatabase(dataDir);
    db.exec(`INSERT INTO tenants (id, name, created_at) VALUES (900, 'writer-check', 'now');
             INSERT INTO deployments (id, tenant_id, name, created_at, updated_at) VALUES (900, 900, 'd', 'now', 'now');`);
    const thread = new StoreWriterThread({ dataDir, entry: new URL('../../out/main/store-writer-worker.js', import.meta.url), log: silentLogger() });
    const writer = threadCeleryWriter(thread, silentLogger());
    try {
      await writer.write({ deploymentId: 900, tasks: [{ ...createTaskRecord('bundled', 1), state: 'SUCCESS' }], workers: [], rejected: [] });
      expect(new CeleryStore(db).task(900, 'bundled')).toMatchObject({ state: 'SUCCESS' });
    } finally {
      await writer.close();
      db.close();
    }
  });
});
