import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoreHealth as View } from '../../../../shared/domain/types.ts';
import { silentLogger } from '../logging/logger.ts';
import { renderExposition } from '../metrics/metrics-exposition.ts';
import { StoreHealth } from './store-health.ts';

describe('StoreHealth', () => {
  let dir: string;
  let free: number;
  let now: number;
  const changes: View['state'][] = [];
  const health = () => new StoreHealth({ dataDir: dir, log: silentLogger(), lowBytes: 100, freeBytes: () => free, now: () => now, onChange: (view) => changes.push(view.state) });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tach-health-'));
    free = 10_000_000;
    now = 1_000_000;
    changes.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is full from the first commit refused for lack of space until one succeeds, and says so in /metrics', () => {
    const h = health();
    h.start();
    h.writeFailed({ message: 'constraint failed' });
    expect(h.view().state).toBe('ok');
    free = 0;
    h.writeFailed({ code: 'SQLITE_FULL', message: 'database or disk is full' });
    expect(h.view()).toMatchObject({ state: 'full', freeBytes: 0, message: expect.stringContaining('Disk full') });
    const text = renderExposition(h.collect());
    expect(text).toContain('tach_store_disk_full 1');
    expect(text).toContain('tach_store_free_bytes 0');
    free = 10_000_000;
    h.writeSucceeded();
    expect(h.view().state).toBe('ok');
    expect(renderExposition(h.collect())).toContain('tach_store_disk_full 0');
    expect(changes).toEqual(['ok', 'full', 'ok']);
    h.stop();
  });

  it('clears full once space frees and no commit has been refused for a while, and is low below the reserve', () => {
    const h = health();
    free = 0;
    h.writeFailed({ message: 'database or disk is full' });
    free = 50;
    now += 60_000;
    h.refresh();
    expect(h.view().state).toBe('full');
    // Room again, but a retry was just refused (the room was a WAL truncated, retaken at once): still full.
    free = 2 * 1024 * 1024;
    h.writeFailed({ code: 'SQLITE_FULL', message: 'database or disk is full' });
    now += 5_000;
    h.refresh();
    expect(h.view().state).toBe('full');
    // Nothing refused since, and the room stays: clear, even with nothing committing.
    now += 15_000;
    h.refresh();
    expect(h.view().state).toBe('ok');
    free = 99;
    h.refresh();
    expect(h.view()).toMatchObject({ state: 'low', message: expect.stringContaining('Disk nearly full') });
  });
});
