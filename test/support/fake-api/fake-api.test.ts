import { describe, expect, it, vi } from 'vitest';
import { createFakeApi } from './fake-api.ts';

describe('createFakeApi', () => {
  it('refuses a duplicate tenant name as a conflict on the name field', async () => {
    const api = createFakeApi();
    await api.invoke('tenants.create', { name: 'acme' });

    expect(await api.invoke('tenants.create', { name: ' ACME ' })).toEqual({
      ok: false,
      error: { code: 'conflict', message: 'A tenant named "ACME" already exists.', field: 'name' },
    });
  });

  it('answers not_found for an unknown id', async () => {
    const api = createFakeApi();
    const result = await api.invoke('deployments.get', { id: 42 });
    expect(result.ok === false && result.error.code).toBe('not_found');
  });

  it('validates input with the contract schemas and names the field', async () => {
    const api = createFakeApi();
    const tenant = await api.invoke('tenants.create', { name: 'acme' });
    if (!tenant.ok) throw new Error('seed');
    const result = await api.invoke('deployments.create', { tenantId: tenant.value.id, name: 'prod', broker: { url: 'http://rabbit1' } });

    expect(result).toEqual({ ok: false, error: { code: 'invalid_input', message: 'must start with amqp:// or amqps://', field: 'broker.url' } });
  });

  it('masks stored passwords and keeps them when the mask comes back', async () => {
    const api = createFakeApi();
    const tenant = await api.invoke('tenants.create', { name: 'acme' });
    if (!tenant.ok) throw new Error('seed');
    const created = await api.invoke('deployments.create', {
      tenantId: tenant.value.id,
      name: 'prod',
      broker: { url: 'amqp://tach:s3cret@rabbit1:5672/', managementUrl: 'http://admin:adm1n@rabbit1:15672' },
    });
    if (!created.ok) throw new Error(created.error.message);
    expect(created.value.broker).toMatchObject({
      url: 'amqp://tach:****@rabbit1:5672/',
      hasPassword: true,
      managementUrl: 'http://admin:****@rabbit1:15672',
      hasManagementPassword: true,
    });

    await api.invoke('deployments.update', { id: created.value.id, broker: { url: created.value.broker!.url, managementUrl: created.value.broker!.managementUrl } });
    expect(api.secretsOf(created.value.id)).toEqual({ password: 's3cret', managementPassword: 'adm1n' });
  });

  it('removes a tenant with its deployments and tells listeners', async () => {
    const api = createFakeApi();
    const listener = vi.fn();
    api.on('entities.changed', listener);
    const tenant = await api.invoke('tenants.create', { name: 'acme' });
    if (!tenant.ok) throw new Error('seed');
    const deployment = await api.invoke('deployments.create', { tenantId: tenant.value.id, name: 'prod' });
    await api.invoke('tenants.remove', { id: tenant.value.id });
    await Promise.resolve();

    expect(deployment.ok && (await api.invoke('deployments.get', { id: deployment.value.id })).ok).toBe(false);
    expect(listener).toHaveBeenLastCalledWith({ kind: 'tenant', id: tenant.value.id, action: 'removed' });
  });
});
