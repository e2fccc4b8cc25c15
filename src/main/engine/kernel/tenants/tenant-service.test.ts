import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventName, Events } from '../../../../shared/contract/channels.ts';
import type { Result } from '../../../../shared/contract/result.ts';
import type { Deployment, Tenant } from '../../../../shared/domain/types.ts';
import { Engine } from '../../engine.ts';
import { silentLogger } from '../logging/logger.ts';
import { KeyFileCipher } from '../secrets/key-file-cipher.ts';
import { SecretBox } from '../secrets/secret-box.ts';

type Seen = { event: EventName; payload: Events[EventName] };

function value<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value as T;
}

describe('tenants through the engine', () => {
  let dir: string;
  let engine: Engine;
  let events: Seen[];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tach-tenants-'));
    engine = new Engine({
      dataDir: dir,
      door: 'headless',
      version: '0.0.0-test',
      log: silentLogger(),
      secrets: new SecretBox(new KeyFileCipher(Buffer.alloc(32, 7))),
      now: () => new Date('2024-05-06T07:08:09.000Z'),
    });
    await engine.start();
    events = [];
    engine.subscribe((event, payload) => events.push({ event, payload }));
  });

  afterEach(async () => {
    await engine.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const create = async (name: string) => value<Tenant>(await engine.dispatch('tenants.create', { name }));

  it('creates, lists by name, gets, renames and removes', async () => {
    const zeta = await create('Zeta');
    const acme = await create('  Acme  ');
    expect(acme).toEqual({ id: acme.id, name: 'Acme', createdAt: '2024-05-06T07:08:09.000Z', deploymentCount: 0 });

    const list = value<Tenant[]>(await engine.dispatch('tenants.list', undefined));
    expect(list.map((tenant) => tenant.name)).toEqual(['Acme', 'Zeta']);
    expect(value<Tenant>(await engine.dispatch('tenants.get', { id: zeta.id })).name).toBe('Zeta');

    const renamed = value<Tenant>(await engine.dispatch('tenants.update', { id: acme.id, name: 'Acme Corp' }));
    expect(renamed).toMatchObject({ id: acme.id, name: 'Acme Corp' });

    expect(value(await engine.dispatch('tenants.remove', { id: zeta.id }))).toEqual({ id: zeta.id });
    expect(value<Tenant[]>(await engine.dispatch('tenants.list', null)).map((tenant) => tenant.id)).toEqual([acme.id]);
    const gone = await engine.dispatch('tenants.get', { id: zeta.id });
    expect(gone).toEqual({ ok: false, error: { code: 'not_found', message: `Tenant ${zeta.id} does not exist.` } });
  });

  it('refuses a duplicate name in any case, as a conflict on "name"', async () => {
    await create('Acme');
    for (const name of ['Acme', 'ACME', ' acme ']) {
      const result = await engine.dispatch('tenants.create', { name });
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('conflict');
        expect(result.error.field).toBe('name');
      }
    }
    expect(value<Tenant[]>(await engine.dispatch('tenants.list', undefined))).toHaveLength(1);
  });

  it('refuses renaming onto another tenant, but allows changing the case of its own name', async () => {
    const acme = await create('Acme');
    await create('Other');
    const clash = await engine.dispatch('tenants.update', { id: acme.id, name: 'other' });
    expect(clash.ok ? undefined : clash.error).toMatchObject({ code: 'conflict', field: 'name' });

    const recased = value<Tenant>(await engine.dispatch('tenants.update', { id: acme.id, name: 'ACME' }));
    expect(recased.name).toBe('ACME');
  });

  it('answers not_found for updating or removing a missing tenant', async () => {
    const update = await engine.dispatch('tenants.update', { id: 999, name: 'x' });
    expect(update.ok ? undefined : update.error.code).toBe('not_found');
    const remove = await engine.dispatch('tenants.remove', { id: 999 });
    expect(remove.ok ? undefined : remove.error.code).toBe('not_found');
    expect(events).toEqual([]);
  });

  it('validates names: empty, too long, not a string', async () => {
    for (const input of [{ name: '   ' }, { name: 'x'.repeat(81) }, { name: 42 }, {}]) {
      const result = await engine.dispatch('tenants.create', input);
      expect(result.ok ? undefined : result.error).toMatchObject({ code: 'invalid_input', field: 'name' });
    }
  });

  it('counts deployments and removes them with the tenant', async () => {
    const acme = await create('Acme');
    const deployment = value<Deployment>(
      await engine.dispatch('deployments.create', { tenantId: acme.id, name: 'prod', zookeeper: { hosts: 'zk:2181' } }),
    );
    expect(value<Tenant>(await engine.dispatch('tenants.get', { id: acme.id })).deploymentCount).toBe(1);

    value(await engine.dispatch('tenants.remove', { id: acme.id }));
    const gone = await engine.dispatch('deployments.get', { id: deployment.id });
    expect(gone.ok ? undefined : gone.error.code).toBe('not_found');
  });

  it('announces created, updated and removed tenants', async () => {
    const acme = await create('Acme');
    value(await engine.dispatch('tenants.update', { id: acme.id, name: 'Acme 2' }));
    value(await engine.dispatch('tenants.remove', { id: acme.id }));
    expect(events).toEqual([
      { event: 'entities.changed', payload: { kind: 'tenant', id: acme.id, action: 'created' } },
      { event: 'entities.changed', payload: { kind: 'tenant', id: acme.id, action: 'updated' } },
      { event: 'entities.changed', payload: { kind: 'tenant', id: acme.id, action: 'removed' } },
    ]);
  });

  it('does not announce a refused change', async () => {
    await create('Acme');
    events.length = 0;
    await engine.dispatch('tenants.create', { name: 'acme' });
    expect(events).toEqual([]);
  });
});
