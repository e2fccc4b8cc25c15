import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CeleryStats } from '../../../../shared/domain/celery.ts';
import { Engine } from '../../engine.ts';
import { silentLogger } from '../../kernel/logging/logger.ts';
import { KeyFileCipher } from '../../kernel/secrets/key-file-cipher.ts';
import { SecretBox } from '../../kernel/secrets/secret-box.ts';
import { openDatabaseConnection } from '../../kernel/store/database.ts';
import { percentiles } from '../../kernel/percentiles.ts';

describe('percentiles', () => {
  it('takes the nearest rank, and null for no values', () => {
    expect(percentiles(Float64Array.from([5, 1, 4, 2, 3]), [50, 95, 99])).toEqual([3, 5, 5]);
    expect(percentiles(Float64Array.from(Array.from({ length: 100 }, (_, i) => i + 1)), [50, 95, 99])).toEqual([50, 95, 99]);
    expect(percentiles(new Float64Array(), [50])).toEqual([null]);
  });
});

describe('celery.stats', () => {
  const T0 = Date.UTC(2026, 10, 23, 10, 0, 0);
  let dataDir: string;
  let engine: Engine;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tach-stats-'));
    // Seeded straight into the store the engine will open: three minutes of task outcomes.
    const start = () =>
      new Engine({ dataDir, door: 'headless', version: 't', log: silentLogger(), secrets: new SecretBox(new KeyFileCipher(Buffer.alloc(32, 3))), now: () => new Date(T0 + 180_000) });
    engine = start();
    await engine.start();
    await engine.dispatch('tenants.create', { name: 't' });
    await engine.dispatch('deployments.create', { tenantId: 1, name: 'd' });
    await engine.stop();
    const db = openDatabaseConnection(dataDir);
    const insert = db.prepare('INSERT INTO celery_tasks (deployment_id, uuid, uuid_key, state, succeeded, failed, retried, runtime, last_event_at) VALUES (1, ?, 0, ?, ?, ?, ?, ?, ?)');
    const at = (ms: number) => (T0 + ms) / 1000;
    for (let i = 1; i <= 10; i++) insert.run(`s${i}`, 'SUCCESS', at(5_000 + i), null, null, i / 10, T0 + 5_000 + i);
    insert.run('f1', 'FAILURE', null, at(70_000), null, null, T0 + 70_000);
    insert.run('r1', 'SUCCESS', at(130_000), null, at(125_000), 2, T0 + 130_000);
    db.prepare('INSERT INTO celery_snapshots (deployment_id, taken_at, data) VALUES (1, ?, ?)').run(
      T0 + 61_000,
      JSON.stringify({ workers: [{ status: 'online' }, { status: 'online' }, { status: 'offline' }], tasksByState: {}, tasksByName: {}, events: { total: 1, byType: {} } }),
    );
    db.exec('UPDATE celery_tasks SET uuid_key = tach_uuid_key(uuid)');
    db.close();
    engine = start();
    await engine.start();
  });
  afterEach(async () => {
    await engine.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('counts outcomes per interval with runtime percentiles and workers online', async () => {
    const result = await engine.dispatch('celery.stats', { deploymentId: 1, since: new Date(T0).toISOString(), until: new Date(T0 + 180_000).toISOString(), buckets: 3 });
    if (!result.ok) throw new Error(result.error.message);
    const stats = result.value as CeleryStats;
    expect(stats.bucketSeconds).toBe(60);
    expect(stats.buckets).toEqual([
      { start: '2026-11-23T10:00:00.000Z', succeeded: 10, failed: 0, retried: 0, runtimeP50: 0.5, runtimeP95: 1, runtimeP99: 1, workersOnline: null },
      { start: '2026-11-23T10:01:00.000Z', succeeded: 0, failed: 1, retried: 0, runtimeP50: null, runtimeP95: null, runtimeP99: null, workersOnline: 2 },
      { start: '2026-11-23T10:02:00.000Z', succeeded: 1, failed: 0, retried: 1, runtimeP50: 2, runtimeP95: 2, runtimeP99: 2, workersOnline: null },
    ]);
  });

  it('defaults to the last hour, and names a reversed window', async () => {
    const result = await engine.dispatch('celery.stats', { deploymentId: 1 });
    expect(result.ok && (result.value as CeleryStats).buckets.length).toBe(60);
    const reversed = await engine.dispatch('celery.stats', { deploymentId: 1, since: new Date(T0 + 1000).toISOString(), until: new Date(T0).toISOString() });
    expect(reversed).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'until' } });
  });
});
