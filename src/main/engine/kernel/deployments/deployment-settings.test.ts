import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CELERY_SETTINGS } from '../../../../shared/domain/settings.ts';
import type { Deployment } from '../../../../shared/domain/types.ts';
import { Engine } from '../../engine.ts';
import { silentLogger } from '../logging/logger.ts';
import { KeyFileCipher } from '../secrets/key-file-cipher.ts';
import { SecretBox } from '../secrets/secret-box.ts';

describe('Celery settings of a deployment, through the contract', () => {
  let dataDir: string;
  let engine: Engine;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tach-settings-'));
    engine = new Engine({ dataDir, door: 'headless', version: 't', log: silentLogger(), secrets: new SecretBox(new KeyFileCipher(Buffer.alloc(32, 1))) });
    await engine.start();
    await engine.dispatch('tenants.create', { name: 'acme' });
  });
  afterEach(async () => {
    await engine.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const value = <T>(result: Awaited<ReturnType<Engine['dispatch']>>): T => {
    if (!result.ok) throw new Error(result.error.message);
    return result.value as T;
  };

  it('defaults to off, takes the issue’s create body, and keeps unpatched fields on update', async () => {
    const plain = value<Deployment>(await engine.dispatch('deployments.create', { tenantId: 1, name: 'plain' }));
    expect(plain.settings.celery).toEqual(DEFAULT_CELERY_SETTINGS);

    const created = value<Deployment>(
      await engine.dispatch('deployments.create', { tenantId: 1, name: 'celery', celery: { enabled: true, camera: { frequency: 2.0 } } }),
    );
    expect(created.settings.celery).toMatchObject({ enabled: true, camera: { frequency: 2 } });

    const updated = value<Deployment>(await engine.dispatch('deployments.update', { id: created.id, celery: { readOnly: true } }));
    expect(updated.settings.celery).toMatchObject({ enabled: true, readOnly: true, camera: { frequency: 2 } });
    const reread = value<Deployment>(await engine.dispatch('deployments.get', { id: created.id }));
    expect(reread.settings).toEqual(updated.settings);
  });

  it('names the offending field of a bad setting and changes nothing', async () => {
    const created = value<Deployment>(await engine.dispatch('deployments.create', { tenantId: 1, name: 'x' }));
    const refused = await engine.dispatch('deployments.update', { id: created.id, celery: { camera: { frequency: 0.1 } } });
    expect(refused).toEqual({ ok: false, error: { code: 'invalid_input', message: 'must be at least 0.5', field: 'celery.camera.frequency' } });
    const unknown = await engine.dispatch('deployments.update', { id: created.id, celery: { enable: true } });
    expect(unknown).toMatchObject({ ok: false, error: { field: 'celery.enable' } });
    expect(value<Deployment>(await engine.dispatch('deployments.get', { id: created.id })).settings.celery).toEqual(DEFAULT_CELERY_SETTINGS);
  });
});
