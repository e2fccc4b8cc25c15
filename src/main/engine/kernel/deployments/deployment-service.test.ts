import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SECRET_MASK } from '../../../../shared/domain/names.ts';
import type { Deployment, Tenant } from '../../../../shared/domain/types.ts';
import { DATABASE_FILE } from '../store/database.ts';
import { PASSWORD, errorOf, useDeploymentEngine, value, type Row } from './deployment-test-engine.ts';

// Creating and updating deployments through the engine: the password rules, masking, sealing and validation.
describe('deployments through the engine', () => {
  const t = useDeploymentEngine();

  describe('create', () => {
    it('masks the broker password, flags it, and stores it sealed apart from the URL', async () => {
      const created = await t.create({ broker: { url: `amqp://celery:${PASSWORD}@rabbit:5672/%2F` } });

      expect(created.broker?.url).toBe(`amqp://celery:${SECRET_MASK}@rabbit:5672/%2F`);
      expect(created.broker?.url).not.toContain(PASSWORD);
      expect(created.broker?.hasPassword).toBe(true);
      expect(created.broker?.managementUrl).toBeNull();
      expect(created.broker?.tls).toEqual({ caPath: null, verify: true });
      expect(created.zookeeper).toBeNull();
      expect(created.checks).toEqual({});
      expect(JSON.stringify(value(await t.engine.dispatch('deployments.get', { id: created.id })))).not.toContain(PASSWORD);

      const stored = t.row(created.id);
      expect(stored.broker_url).toBe('amqp://celery@rabbit:5672/%2F');
      expect(stored.broker_password).toMatch(/^aesgcm1:/);
      expect(t.secrets.open(stored.broker_password ?? '')).toBe(PASSWORD);
    });

    it('never writes the password in clear to the database files', async () => {
      await t.create({
        broker: {
          url: `amqp://celery:${PASSWORD}@rabbit/`,
          managementUrl: `http://mon:${PASSWORD}-mgmt@rabbit:15672/`,
        },
      });
      await t.engine.stop();

      const files = readdirSync(t.dir).filter((name) => name.startsWith(DATABASE_FILE));
      expect(files).toContain(DATABASE_FILE);
      for (const name of files) {
        const bytes = readFileSync(join(t.dir, name));
        expect(bytes.includes(Buffer.from(PASSWORD)), name).toBe(false);
      }
      expect(readFileSync(join(t.dir, DATABASE_FILE)).includes(Buffer.from('amqp://celery@rabbit/'))).toBe(true);
    });

    it('takes an explicit password field over the one in the URL', async () => {
      const created = await t.create({ broker: { url: 'amqp://celery:inurl@rabbit/', password: 'explicit' } });
      expect(created.broker?.hasPassword).toBe(true);
      expect(t.secrets.open(t.row(created.id).broker_password ?? '')).toBe('explicit');
    });

    it('stores a broker without a password as such', async () => {
      const created = await t.create({ broker: { url: 'amqp://celery@rabbit/' } });
      expect(created.broker).toMatchObject({ url: 'amqp://celery@rabbit/', hasPassword: false });
      expect(t.row(created.id).broker_password).toBeNull();
    });

    it('keeps the management API credentials of its own URL apart', async () => {
      const created = await t.create({
        broker: { url: `amqp://celery:${PASSWORD}@rabbit/`, managementUrl: 'http://monitor:m0n-pw@rabbit:15672/' },
      });
      expect(created.broker?.managementUrl).toBe(`http://monitor:${SECRET_MASK}@rabbit:15672`);
      expect(created.broker?.hasManagementPassword).toBe(true);
      const stored = t.row(created.id);
      expect(stored.management_url).toBe('http://monitor@rabbit:15672');
      expect(t.secrets.open(stored.management_password ?? '')).toBe('m0n-pw');
      expect(t.secrets.open(stored.broker_password ?? '')).toBe(PASSWORD);
    });

    // People paste passwords like "100%" straight into URLs: kept as typed (connection-urls.ts).
    it('accepts a password containing a bare "%" and keeps it as typed', async () => {
      const result = await t.engine.dispatch('deployments.create', {
        tenantId: t.tenant.id,
        name: 'percent',
        broker: { url: 'amqp://celery:100%@rabbit/' },
      });
      expect(result).toMatchObject({ ok: true });
      const created = (result as { value: Deployment }).value;
      expect(created.broker?.hasPassword).toBe(true);
      expect(t.secrets.open(t.row(created.id).broker_password ?? '')).toBe('100%');
    });

    it('refuses an unknown tenant on the tenantId field', async () => {
      const error = errorOf(await t.engine.dispatch('deployments.create', { tenantId: 999, name: 'x' }));
      expect(error).toMatchObject({ code: 'not_found', field: 'tenantId' });
    });

    it('refuses a second deployment of the same name (any case) in a tenant, but not in another', async () => {
      await t.create({});
      const error = errorOf(await t.engine.dispatch('deployments.create', { tenantId: t.tenant.id, name: 'PROD' }));
      expect(error).toMatchObject({ code: 'conflict', field: 'name' });

      const other = value<Tenant>(await t.engine.dispatch('tenants.create', { name: 'Other' }));
      value(await t.engine.dispatch('deployments.create', { tenantId: other.id, name: 'prod' }));
    });

    it('refuses invalid broker URLs on broker.url', async () => {
      for (const url of ['http://rabbit/', 'amqp://', 'amqp://ra bbit/', '']) {
        const error = errorOf(
          await t.engine.dispatch('deployments.create', { tenantId: t.tenant.id, name: 'x', broker: { url } }),
        );
        expect(error, url).toMatchObject({ code: 'invalid_input', field: 'broker.url' });
      }
    });

    it('refuses an invalid management URL on broker.managementUrl', async () => {
      const error = errorOf(
        await t.engine.dispatch('deployments.create', {
          tenantId: t.tenant.id,
          name: 'x',
          broker: { url: 'amqp://rabbit/', managementUrl: 'ftp://rabbit' },
        }),
      );
      expect(error).toMatchObject({ code: 'invalid_input', field: 'broker.managementUrl' });
    });

    it('refuses bad ZooKeeper hosts on zookeeper.hosts', async () => {
      for (const hosts of ['zk:notaport', 'zk one:2181', '', ':2181']) {
        const error = errorOf(
          await t.engine.dispatch('deployments.create', { tenantId: t.tenant.id, name: 'x', zookeeper: { hosts } }),
        );
        expect(error, hosts).toMatchObject({ code: 'invalid_input', field: 'zookeeper.hosts' });
      }
      const created = await t.create({ zookeeper: { hosts: 'zk1:2181,zk2:2182/taskflow' } });
      expect(created.zookeeper).toEqual({ hosts: 'zk1:2181,zk2:2182/taskflow', jobboards: [], discover: '/taskflow' });
    });

    it('names an unknown field, also inside the broker', async () => {
      const top = errorOf(await t.engine.dispatch('deployments.create', { tenantId: t.tenant.id, name: 'x', colour: 'red' }));
      expect(top).toEqual({ code: 'invalid_input', message: 'unknown field "colour"', field: 'colour' });

      const nested = errorOf(
        await t.engine.dispatch('deployments.create', { tenantId: t.tenant.id, name: 'x', broker: { url: 'amqp://h/', pass: 'x' } }),
      );
      expect(nested).toMatchObject({ code: 'invalid_input', field: 'broker.pass' });
      expect(nested.message).toContain('"pass"');
    });
  });

  describe('update', () => {
    it('keeps the stored password when the masked URL is sent back', async () => {
      const created = await t.create({ broker: { url: `amqp://celery:${PASSWORD}@rabbit/` } });
      const sealed = t.row(created.id).broker_password;
      const masked = created.broker?.url ?? '';
      expect(masked).toContain(SECRET_MASK);

      const updated = await t.update({ id: created.id, broker: { url: masked } });

      expect(updated.broker?.hasPassword).toBe(true);
      expect(t.row(created.id).broker_password).toBe(sealed);
      expect(t.row(created.id).broker_url).toBe('amqp://celery@rabbit/');
    });

    it('keeps the stored password when the password field is the mask or the URL has none', async () => {
      const created = await t.create({ broker: { url: `amqp://celery:${PASSWORD}@rabbit/` } });
      const sealed = t.row(created.id).broker_password;
      await t.update({ id: created.id, broker: { url: 'amqp://celery@rabbit/', password: SECRET_MASK } });
      expect(t.row(created.id).broker_password).toBe(sealed);
      await t.update({ id: created.id, broker: { url: 'amqp://celery@rabbit/' } });
      expect(t.row(created.id).broker_password).toBe(sealed);
    });

    it('clears the password with password: ""', async () => {
      const created = await t.create({ broker: { url: `amqp://celery:${PASSWORD}@rabbit/` } });
      const updated = await t.update({ id: created.id, broker: { url: created.broker?.url, password: '' } });
      expect(updated.broker).toMatchObject({ url: 'amqp://celery@rabbit/', hasPassword: false });
      expect(t.row(created.id).broker_password).toBeNull();
    });

    it('replaces the password with a new one in the URL', async () => {
      const created = await t.create({ broker: { url: `amqp://celery:${PASSWORD}@rabbit/` } });
      await t.update({ id: created.id, broker: { url: 'amqp://celery:n%C3%A9w@rabbit/' } });
      expect(t.secrets.open(t.row(created.id).broker_password ?? '')).toBe('néw');
    });

    it('keeps broker and ZooKeeper when only the name changes, and refuses a taken name', async () => {
      const created = await t.create({ broker: { url: `amqp://celery:${PASSWORD}@rabbit/` }, zookeeper: { hosts: 'zk:2181' } });
      const before = t.row(created.id);
      const renamed = await t.update({ id: created.id, name: 'production' });
      expect(renamed.name).toBe('production');
      const { name: _oldName, updated_at: _oldUpdated, ...connectionsBefore } = before as Row & { name: string; updated_at: string };
      const { name: newName, updated_at: _newUpdated, ...connectionsAfter } = t.row(created.id) as Row & { name: string; updated_at: string };
      expect(newName).toBe('production');
      expect(connectionsAfter).toEqual(connectionsBefore);

      await t.create({ name: 'staging' });
      const error = errorOf(await t.engine.dispatch('deployments.update', { id: created.id, name: 'Staging' }));
      expect(error).toMatchObject({ code: 'conflict', field: 'name' });
    });

    it('removes the broker with broker: null and ZooKeeper with zookeeper: null', async () => {
      const created = await t.create({
        broker: { url: `amqp://celery:${PASSWORD}@rabbit/`, managementUrl: 'http://m:p@rabbit:15672' },
        zookeeper: { hosts: 'zk:2181' },
      });
      const noBroker = await t.update({ id: created.id, broker: null });
      expect(noBroker.broker).toBeNull();
      expect(noBroker.zookeeper).toEqual({ hosts: 'zk:2181', jobboards: [], discover: '/taskflow' });
      expect(t.row(created.id)).toMatchObject({
        broker_url: null,
        broker_password: null,
        management_url: null,
        management_password: null,
      });

      const nothing = await t.update({ id: created.id, zookeeper: null });
      expect(nothing.zookeeper).toBeNull();
    });

    it('keeps the management URL and its password when the broker input omits managementUrl', async () => {
      const created = await t.create({
        broker: { url: `amqp://celery:${PASSWORD}@rabbit/`, managementUrl: 'http://monitor:m0n@rabbit:15672' },
      });
      const sealed = t.row(created.id).management_password;
      const updated = await t.update({ id: created.id, broker: { url: created.broker?.url } });
      expect(updated.broker?.managementUrl).toBe(`http://monitor:${SECRET_MASK}@rabbit:15672`);
      expect(t.row(created.id).management_password).toBe(sealed);

      const without = await t.update({ id: created.id, broker: { url: created.broker?.url, managementUrl: null } });
      expect(without.broker?.managementUrl).toBeNull();
      expect(t.row(created.id).management_password).toBeNull();
    });

    it('answers not_found for a missing deployment', async () => {
      const error = errorOf(await t.engine.dispatch('deployments.update', { id: 999, name: 'x' }));
      expect(error.code).toBe('not_found');
    });
  });
});
