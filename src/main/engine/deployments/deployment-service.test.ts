import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventName, Events } from '../../../shared/contract/channels.ts';
import type { Result } from '../../../shared/contract/result.ts';
import { SECRET_MASK } from '../../../shared/domain/names.ts';
import type { ConnectionChecks, Deployment, Tenant } from '../../../shared/domain/types.ts';
import { Engine } from '../engine.ts';
import { silentLogger } from '../logging/logger.ts';
import { KeyFileCipher } from '../secrets/key-file-cipher.ts';
import { SecretBox } from '../secrets/secret-box.ts';
import { DATABASE_FILE } from '../store/database.ts';

const PASSWORD = 'Zq9-very-distinct-pw';

interface Row {
  broker_url: string | null;
  broker_password: string | null;
  management_url: string | null;
  management_password: string | null;
  tls_ca_path: string | null;
  tls_verify: number;
  zookeeper_hosts: string | null;
}

function value<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value as T;
}

function errorOf(result: Result<unknown>) {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  return result.error;
}

/** A loopback port nothing listens on (it was free a moment ago). */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createTcpServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

describe('deployments through the engine', () => {
  let dir: string;
  let engine: Engine;
  let secrets: SecretBox;
  let tenant: Tenant;
  let events: { event: EventName; payload: Events[EventName] }[];
  const servers: HttpServer[] = [];

  const row = (id: number): Row => {
    const db = new BetterSqlite3(join(dir, DATABASE_FILE), { readonly: true });
    try {
      const found = db.prepare<[number], Row>('SELECT * FROM deployments WHERE id = ?').get(id);
      if (!found) throw new Error(`no row ${id}`);
      return found;
    } finally {
      db.close();
    }
  };

  const create = async (input: Record<string, unknown>): Promise<Deployment> =>
    value<Deployment>(await engine.dispatch('deployments.create', { tenantId: tenant.id, name: 'prod', ...input }));

  const update = async (input: Record<string, unknown>): Promise<Deployment> =>
    value<Deployment>(await engine.dispatch('deployments.update', input));

  /** A management API stand-in that records the credentials it was sent. */
  const recordingManagement = async (): Promise<{ url: string; seen: string[] }> => {
    const seen: string[] = [];
    const server = createHttpServer((request, response) => {
      const basic = /^Basic (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
      seen.push(Buffer.from(basic, 'base64').toString('utf8'));
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ rabbitmq_version: '3.13.0' }));
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return { url: `http://127.0.0.1:${port}`, seen };
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tach-deployments-'));
    secrets = new SecretBox(new KeyFileCipher(Buffer.alloc(32, 7)));
    engine = new Engine({ dataDir: dir, door: 'headless', version: '0.0.0-test', log: silentLogger(), secrets });
    await engine.start();
    tenant = value<Tenant>(await engine.dispatch('tenants.create', { name: 'Acme' }));
    events = [];
    engine.subscribe((event, payload) => events.push({ event, payload }));
  });

  afterEach(async () => {
    await engine.stop();
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    rmSync(dir, { recursive: true, force: true });
  });

  describe('create', () => {
    it('masks the broker password, flags it, and stores it sealed apart from the URL', async () => {
      const created = await create({ broker: { url: `amqp://celery:${PASSWORD}@rabbit:5672/%2F` } });

      expect(created.broker?.url).toBe(`amqp://celery:${SECRET_MASK}@rabbit:5672/%2F`);
      expect(created.broker?.url).not.toContain(PASSWORD);
      expect(created.broker?.hasPassword).toBe(true);
      expect(created.broker?.managementUrl).toBeNull();
      expect(created.broker?.tls).toEqual({ caPath: null, verify: true });
      expect(created.zookeeper).toBeNull();
      expect(created.checks).toEqual({});
      expect(JSON.stringify(value(await engine.dispatch('deployments.get', { id: created.id })))).not.toContain(PASSWORD);

      const stored = row(created.id);
      expect(stored.broker_url).toBe('amqp://celery@rabbit:5672/%2F');
      expect(stored.broker_password).toMatch(/^aesgcm1:/);
      expect(secrets.open(stored.broker_password ?? '')).toBe(PASSWORD);
    });

    it('never writes the password in clear to the database files', async () => {
      await create({
        broker: {
          url: `amqp://celery:${PASSWORD}@rabbit/`,
          managementUrl: `http://mon:${PASSWORD}-mgmt@rabbit:15672/`,
        },
      });
      await engine.stop();

      const files = readdirSync(dir).filter((name) => name.startsWith(DATABASE_FILE));
      expect(files).toContain(DATABASE_FILE);
      for (const name of files) {
        const bytes = readFileSync(join(dir, name));
        expect(bytes.includes(Buffer.from(PASSWORD)), name).toBe(false);
      }
      expect(readFileSync(join(dir, DATABASE_FILE)).includes(Buffer.from('amqp://celery@rabbit/'))).toBe(true);
    });

    it('takes an explicit password field over the one in the URL', async () => {
      const created = await create({ broker: { url: 'amqp://celery:inurl@rabbit/', password: 'explicit' } });
      expect(created.broker?.hasPassword).toBe(true);
      expect(secrets.open(row(created.id).broker_password ?? '')).toBe('explicit');
    });

    it('stores a broker without a password as such', async () => {
      const created = await create({ broker: { url: 'amqp://celery@rabbit/' } });
      expect(created.broker).toMatchObject({ url: 'amqp://celery@rabbit/', hasPassword: false });
      expect(row(created.id).broker_password).toBeNull();
    });

    it('keeps the management API credentials of its own URL apart', async () => {
      const created = await create({
        broker: { url: `amqp://celery:${PASSWORD}@rabbit/`, managementUrl: 'http://monitor:m0n-pw@rabbit:15672/' },
      });
      expect(created.broker?.managementUrl).toBe(`http://monitor:${SECRET_MASK}@rabbit:15672`);
      expect(created.broker?.hasManagementPassword).toBe(true);
      const stored = row(created.id);
      expect(stored.management_url).toBe('http://monitor@rabbit:15672');
      expect(secrets.open(stored.management_password ?? '')).toBe('m0n-pw');
      expect(secrets.open(stored.broker_password ?? '')).toBe(PASSWORD);
    });

    it('accepts a password containing a bare "%" or refuses the URL as input, but never fails internally', async () => {
      const result = await engine.dispatch('deployments.create', {
        tenantId: tenant.id,
        name: 'percent',
        broker: { url: 'amqp://celery:100%@rabbit/' },
      });
      if (result.ok) {
        const created = result.value as Deployment;
        expect(created.broker?.hasPassword).toBe(true);
        expect(secrets.open(row(created.id).broker_password ?? '')).toBe('100%');
      } else {
        expect(result.error).toMatchObject({ code: 'invalid_input', field: 'broker.url' });
      }
    });

    it('refuses an unknown tenant on the tenantId field', async () => {
      const error = errorOf(await engine.dispatch('deployments.create', { tenantId: 999, name: 'x' }));
      expect(error).toMatchObject({ code: 'not_found', field: 'tenantId' });
    });

    it('refuses a second deployment of the same name (any case) in a tenant, but not in another', async () => {
      await create({});
      const error = errorOf(await engine.dispatch('deployments.create', { tenantId: tenant.id, name: 'PROD' }));
      expect(error).toMatchObject({ code: 'conflict', field: 'name' });

      const other = value<Tenant>(await engine.dispatch('tenants.create', { name: 'Other' }));
      value(await engine.dispatch('deployments.create', { tenantId: other.id, name: 'prod' }));
    });

    it('refuses invalid broker URLs on broker.url', async () => {
      for (const url of ['http://rabbit/', 'amqp://', 'amqp://ra bbit/', '']) {
        const error = errorOf(
          await engine.dispatch('deployments.create', { tenantId: tenant.id, name: 'x', broker: { url } }),
        );
        expect(error, url).toMatchObject({ code: 'invalid_input', field: 'broker.url' });
      }
    });

    it('refuses an invalid management URL on broker.managementUrl', async () => {
      const error = errorOf(
        await engine.dispatch('deployments.create', {
          tenantId: tenant.id,
          name: 'x',
          broker: { url: 'amqp://rabbit/', managementUrl: 'ftp://rabbit' },
        }),
      );
      expect(error).toMatchObject({ code: 'invalid_input', field: 'broker.managementUrl' });
    });

    it('refuses bad ZooKeeper hosts on zookeeper.hosts', async () => {
      for (const hosts of ['zk:notaport', 'zk one:2181', '', ':2181']) {
        const error = errorOf(
          await engine.dispatch('deployments.create', { tenantId: tenant.id, name: 'x', zookeeper: { hosts } }),
        );
        expect(error, hosts).toMatchObject({ code: 'invalid_input', field: 'zookeeper.hosts' });
      }
      const created = await create({ zookeeper: { hosts: 'zk1:2181,zk2:2182/taskflow' } });
      expect(created.zookeeper).toEqual({ hosts: 'zk1:2181,zk2:2182/taskflow' });
    });

    it('names an unknown field, also inside the broker', async () => {
      const top = errorOf(await engine.dispatch('deployments.create', { tenantId: tenant.id, name: 'x', colour: 'red' }));
      expect(top).toEqual({ code: 'invalid_input', message: 'unknown field "colour"', field: 'colour' });

      const nested = errorOf(
        await engine.dispatch('deployments.create', { tenantId: tenant.id, name: 'x', broker: { url: 'amqp://h/', pass: 'x' } }),
      );
      expect(nested).toMatchObject({ code: 'invalid_input', field: 'broker.pass' });
      expect(nested.message).toContain('"pass"');
    });
  });

  describe('update', () => {
    it('keeps the stored password when the masked URL is sent back', async () => {
      const created = await create({ broker: { url: `amqp://celery:${PASSWORD}@rabbit/` } });
      const sealed = row(created.id).broker_password;
      const masked = created.broker?.url ?? '';
      expect(masked).toContain(SECRET_MASK);

      const updated = await update({ id: created.id, broker: { url: masked } });

      expect(updated.broker?.hasPassword).toBe(true);
      expect(row(created.id).broker_password).toBe(sealed);
      expect(row(created.id).broker_url).toBe('amqp://celery@rabbit/');
    });

    it('keeps the stored password when the password field is the mask or the URL has none', async () => {
      const created = await create({ broker: { url: `amqp://celery:${PASSWORD}@rabbit/` } });
      const sealed = row(created.id).broker_password;
      await update({ id: created.id, broker: { url: 'amqp://celery@rabbit/', password: SECRET_MASK } });
      expect(row(created.id).broker_password).toBe(sealed);
      await update({ id: created.id, broker: { url: 'amqp://celery@rabbit/' } });
      expect(row(created.id).broker_password).toBe(sealed);
    });

    it('clears the password with password: ""', async () => {
      const created = await create({ broker: { url: `amqp://celery:${PASSWORD}@rabbit/` } });
      const updated = await update({ id: created.id, broker: { url: created.broker?.url, password: '' } });
      expect(updated.broker).toMatchObject({ url: 'amqp://celery@rabbit/', hasPassword: false });
      expect(row(created.id).broker_password).toBeNull();
    });

    it('replaces the password with a new one in the URL', async () => {
      const created = await create({ broker: { url: `amqp://celery:${PASSWORD}@rabbit/` } });
      await update({ id: created.id, broker: { url: 'amqp://celery:n%C3%A9w@rabbit/' } });
      expect(secrets.open(row(created.id).broker_password ?? '')).toBe('néw');
    });

    it('keeps broker and ZooKeeper when only the name changes, and refuses a taken name', async () => {
      const created = await create({ broker: { url: `amqp://celery:${PASSWORD}@rabbit/` }, zookeeper: { hosts: 'zk:2181' } });
      const before = row(created.id);
      const renamed = await update({ id: created.id, name: 'production' });
      expect(renamed.name).toBe('production');
      const { name: _oldName, updated_at: _oldUpdated, ...connectionsBefore } = before as Row & { name: string; updated_at: string };
      const { name: newName, updated_at: _newUpdated, ...connectionsAfter } = row(created.id) as Row & { name: string; updated_at: string };
      expect(newName).toBe('production');
      expect(connectionsAfter).toEqual(connectionsBefore);

      await create({ name: 'staging' });
      const error = errorOf(await engine.dispatch('deployments.update', { id: created.id, name: 'Staging' }));
      expect(error).toMatchObject({ code: 'conflict', field: 'name' });
    });

    it('removes the broker with broker: null and ZooKeeper with zookeeper: null', async () => {
      const created = await create({
        broker: { url: `amqp://celery:${PASSWORD}@rabbit/`, managementUrl: 'http://m:p@rabbit:15672' },
        zookeeper: { hosts: 'zk:2181' },
      });
      const noBroker = await update({ id: created.id, broker: null });
      expect(noBroker.broker).toBeNull();
      expect(noBroker.zookeeper).toEqual({ hosts: 'zk:2181' });
      expect(row(created.id)).toMatchObject({
        broker_url: null,
        broker_password: null,
        management_url: null,
        management_password: null,
      });

      const nothing = await update({ id: created.id, zookeeper: null });
      expect(nothing.zookeeper).toBeNull();
    });

    it('keeps the management URL and its password when the broker input omits managementUrl', async () => {
      const created = await create({
        broker: { url: `amqp://celery:${PASSWORD}@rabbit/`, managementUrl: 'http://monitor:m0n@rabbit:15672' },
      });
      const sealed = row(created.id).management_password;
      const updated = await update({ id: created.id, broker: { url: created.broker?.url } });
      expect(updated.broker?.managementUrl).toBe(`http://monitor:${SECRET_MASK}@rabbit:15672`);
      expect(row(created.id).management_password).toBe(sealed);

      const without = await update({ id: created.id, broker: { url: created.broker?.url, managementUrl: null } });
      expect(without.broker?.managementUrl).toBeNull();
      expect(row(created.id).management_password).toBeNull();
    });

    it('answers not_found for a missing deployment', async () => {
      const error = errorOf(await engine.dispatch('deployments.update', { id: 999, name: 'x' }));
      expect(error.code).toBe('not_found');
    });
  });

  describe('checks', () => {
    it('saves failed checks against closed ports, then forgets only the broker check when the broker URL changes', async () => {
      const [brokerPort, zkPort] = [await closedPort(), await closedPort()];
      const created = await create({
        broker: { url: `amqp://celery:${PASSWORD}@127.0.0.1:${brokerPort}/` },
        zookeeper: { hosts: `127.0.0.1:${zkPort}` },
      });

      const started = Date.now();
      const checks = value<ConnectionChecks>(await engine.dispatch('deployments.test', { id: created.id }));
      expect(Date.now() - started).toBeLessThan(3000);
      expect(checks.broker?.ok).toBe(false);
      expect(checks.broker?.detail).toMatch(/refused/i);
      expect(checks.broker?.detail).not.toContain(PASSWORD);
      expect(checks.zookeeper?.ok).toBe(false);
      expect(checks.zookeeper?.detail).toMatch(/refused/i);
      expect(events).toContainEqual({ event: 'deployment.checked', payload: { deploymentId: created.id, checks } });

      const stored = value<Deployment>(await engine.dispatch('deployments.get', { id: created.id }));
      expect(stored.checks).toEqual(checks);

      const moved = await update({ id: created.id, broker: { url: `amqp://celery@127.0.0.1:${brokerPort + 1}/` } });
      expect(moved.checks.broker).toBeUndefined();
      expect(moved.checks.zookeeper).toEqual(checks.zookeeper);

      const renamed = await update({ id: created.id, name: 'renamed' });
      expect(renamed.checks.zookeeper).toEqual(checks.zookeeper);

      const zkMoved = await update({ id: created.id, zookeeper: { hosts: `127.0.0.1:${zkPort + 1}` } });
      expect(zkMoved.checks).toEqual({});
    });

    it('uses the management URL’s own user, and the broker’s credentials when it names none', async () => {
      const brokerPort = await closedPort();
      const management = await recordingManagement();
      const own = await create({
        name: 'own',
        broker: {
          url: `amqp://celery:${PASSWORD}@127.0.0.1:${brokerPort}/`,
          managementUrl: management.url.replace('http://', 'http://monitor:m0n-pw@'),
        },
      });
      const borrowed = await create({
        name: 'borrowed',
        broker: { url: `amqp://celery:${PASSWORD}@127.0.0.1:${brokerPort}/`, managementUrl: management.url },
      });

      const ownChecks = value<ConnectionChecks>(await engine.dispatch('deployments.test', { id: own.id }));
      expect(ownChecks.management).toMatchObject({ ok: true });
      expect(ownChecks.management?.detail).toContain('RabbitMQ 3.13.0');
      const borrowedChecks = value<ConnectionChecks>(await engine.dispatch('deployments.test', { id: borrowed.id }));
      expect(borrowedChecks.management?.ok).toBe(true);

      expect(management.seen).toEqual(['monitor:m0n-pw', `celery:${PASSWORD}`]);
    });

    it('testDraft lends the stored password to a masked URL, and uses a typed one instead', async () => {
      const brokerPort = await closedPort();
      const management = await recordingManagement();
      const created = await create({
        broker: { url: `amqp://celery:${PASSWORD}@127.0.0.1:${brokerPort}/`, managementUrl: management.url },
      });
      const masked = created.broker?.url ?? '';

      const lent = value<ConnectionChecks>(
        await engine.dispatch('connections.testDraft', {
          deploymentId: created.id,
          broker: { url: masked, managementUrl: management.url },
        }),
      );
      expect(lent.management?.ok).toBe(true);
      value(
        await engine.dispatch('connections.testDraft', {
          deploymentId: created.id,
          broker: { url: masked, managementUrl: management.url, password: 'typed' },
        }),
      );
      // Without a deployment to lend from, the mask is no password at all: the default user's.
      value(await engine.dispatch('connections.testDraft', { broker: { url: masked, managementUrl: management.url } }));

      expect(management.seen).toEqual([`celery:${PASSWORD}`, 'celery:typed', 'celery:guest']);
      // A draft test saves nothing.
      expect(value<Deployment>(await engine.dispatch('deployments.get', { id: created.id })).checks).toEqual({});
    });
  });

  describe('remove and events', () => {
    it('announces created, updated and removed deployments, and removes', async () => {
      const created = await create({ zookeeper: { hosts: 'zk:2181' } });
      await update({ id: created.id, name: 'prod-2' });
      expect(value(await engine.dispatch('deployments.remove', { id: created.id }))).toEqual({ id: created.id });

      expect(events).toEqual([
        { event: 'entities.changed', payload: { kind: 'deployment', id: created.id, action: 'created' } },
        { event: 'entities.changed', payload: { kind: 'deployment', id: created.id, action: 'updated' } },
        { event: 'entities.changed', payload: { kind: 'deployment', id: created.id, action: 'removed' } },
      ]);
      expect(errorOf(await engine.dispatch('deployments.get', { id: created.id })).code).toBe('not_found');
      expect(errorOf(await engine.dispatch('deployments.remove', { id: created.id })).code).toBe('not_found');
    });

    it('lists a tenant’s deployments by name, and refuses an unknown tenant', async () => {
      await create({ name: 'b' });
      await create({ name: 'a' });
      const list = value<Deployment[]>(await engine.dispatch('deployments.list', { tenantId: tenant.id }));
      expect(list.map((deployment) => deployment.name)).toEqual(['a', 'b']);
      expect(errorOf(await engine.dispatch('deployments.list', { tenantId: 999 })).code).toBe('not_found');
    });
  });
});
