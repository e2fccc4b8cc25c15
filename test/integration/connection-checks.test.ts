import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { refusedPort } from '../support/refused-port.ts';
import { createUserAndVhost } from '../support/management-api.ts';
import { startTempEngine } from '../support/temp-engine.ts';

// "Test connection" against the harness's real RabbitMQ (management plugin on) and ZooKeeper:
// every answer is a sentence a person understands, and arrives within the check timeout.
const rabbit = inject('rabbit');
const zookeeper = inject('zookeeper');
const host = `127.0.0.1:${rabbit.amqpPort}`;

let tach: Awaited<ReturnType<typeof startTempEngine>>;
let tenantId: number;

beforeAll(async () => {
  await createUserAndVhost(rabbit, 'tach-ops', 'p@ss:w/rd', 'prod/eu');
  tach = await startTempEngine();
  tenantId = (await tach.call('tenants.create', { name: 'acme' })).id;
});
afterAll(async () => tach?.stop());

async function testDeployment(name: string, fields: object) {
  const deployment = await tach.call('deployments.create', { tenantId, name, ...fields });
  return tach.call('deployments.test', { id: deployment.id });
}

describe('connection checks against live peers', () => {
  it('reports versions for a healthy broker, management API and ZooKeeper, using the stored password', async () => {
    const checks = await testDeployment('healthy', {
      broker: {
        url: `amqp://tach-ops:${encodeURIComponent('p@ss:w/rd')}@${host}/${encodeURIComponent('prod/eu')}`,
        managementUrl: rabbit.managementUrl,
      },
      zookeeper: { hosts: zookeeper.hosts },
    });
    expect(checks.broker).toMatchObject({ ok: true });
    expect(checks.broker?.detail).toMatch(/^RabbitMQ 3\.\d+\.\d+ at 127\.0\.0\.1:\d+, vhost prod\/eu, user tach-ops/);
    expect(checks.management).toMatchObject({ ok: true });
    expect(checks.management?.detail).toMatch(/^RabbitMQ 3\.\d+\.\d+ management API/);
    expect(checks.zookeeper).toMatchObject({ ok: true });
    expect(checks.zookeeper?.detail).toMatch(/^ZooKeeper 3\.\d+\.\d+: session opened/);
  });

  it('keeps the last results with the deployment, so status survives a reload', async () => {
    const deployment = await tach.call('deployments.create', {
      tenantId,
      name: 'remembered',
      broker: { url: rabbit.amqpUrl },
    });
    await tach.call('deployments.test', { id: deployment.id });
    const reread = await tach.call('deployments.get', { id: deployment.id });
    expect(reread.checks.broker?.ok).toBe(true);
  });

  it('says authentication failed, for AMQP and the management API, on a wrong password', async () => {
    const checks = await testDeployment('wrong-password', {
      broker: { url: `amqp://tach-ops:nope@${host}/${encodeURIComponent('prod/eu')}`, managementUrl: rabbit.managementUrl },
    });
    expect(checks.broker).toMatchObject({ ok: false });
    expect(checks.broker?.detail).toBe(`Authentication failed for user "tach-ops" at ${host}: wrong user name or password.`);
    expect(checks.management?.detail).toMatch(/refused user "tach-ops": wrong user name or password/);
  });

  it('names a vhost that does not exist', async () => {
    const checks = await testDeployment('no-vhost', { broker: { url: `${rabbit.amqpUrl}missing` } });
    expect(checks.broker?.detail).toBe(`Virtual host "missing" does not exist at ${host}, or user "guest" has no access to it.`);
  });

  it('says refused when nothing listens, for every kind of connection', async () => {
    const port = await refusedPort();
    const checks = await testDeployment('refused', {
      broker: { url: `amqp://guest:guest@127.0.0.1:${port}/`, managementUrl: `http://127.0.0.1:${port}` },
      zookeeper: { hosts: `127.0.0.1:${port}` },
    });
    for (const kind of ['broker', 'management', 'zookeeper'] as const) {
      expect(checks[kind]?.ok).toBe(false);
      expect(checks[kind]?.detail).toMatch(new RegExp(`^Connection refused by 127\\.0\\.0\\.1:${port}`));
    }
  });

  it('explains amqps:// against a plain AMQP port as a TLS problem', async () => {
    const checks = await testDeployment('tls-mismatch', { broker: { url: `amqps://guest:guest@${host}/` } });
    expect(checks.broker?.ok).toBe(false);
    expect(checks.broker?.detail).toMatch(/^TLS failed with 127\.0\.0\.1:\d+/);
  });

  it('says which management URL is not a management API', async () => {
    const checks = await testDeployment('mgmt-path', {
      broker: { url: rabbit.amqpUrl, managementUrl: `${rabbit.managementUrl}/nothing-here` },
    });
    expect(checks.management?.ok).toBe(false);
    expect(checks.management?.detail).toMatch(/No RabbitMQ management API at \/nothing-here\/api\/overview|not with the RabbitMQ management API/);
  });

  it('reports a ZooKeeper chroot that does not exist', async () => {
    const checks = await testDeployment('zk-chroot', { zookeeper: { hosts: `${zookeeper.hosts}/no/such/chroot` } });
    expect(checks.zookeeper).toMatchObject({ ok: false, detail: 'Session opened, but the chroot /no/such/chroot does not exist.' });
  });

  it('tests a draft before it is saved, lending the stored password when editing', async () => {
    const saved = await tach.call('deployments.create', {
      tenantId,
      name: 'draft-source',
      broker: { url: `amqp://tach-ops:${encodeURIComponent('p@ss:w/rd')}@${host}/${encodeURIComponent('prod/eu')}` },
    });
    expect(saved.broker?.url).not.toContain('p%40ss');
    // The form sends back the masked URL: the stored password must be used.
    const draft = await tach.call('connections.testDraft', { deploymentId: saved.id, broker: { url: saved.broker?.url ?? '' } });
    expect(draft.broker?.ok).toBe(true);
    const withoutLending = await tach.call('connections.testDraft', { broker: { url: saved.broker?.url ?? '' } });
    expect(withoutLending.broker?.ok).toBe(false);
  });
});

describe('TLS against the harness broker’s amqps listener (certificate from a throwaway CA)', () => {
  it('trusts the broker with its CA file', async () => {
    const checks = await testDeployment('tls-ca', { broker: { url: rabbit.amqpsUrl, tls: { caPath: rabbit.caFile } } });
    expect(checks.broker).toMatchObject({ ok: true });
    expect(checks.broker?.detail).toMatch(/^RabbitMQ 3\.\d+\.\d+ at localhost:\d+/);
  });

  it('refuses an unknown CA with a TLS sentence that says what to check', async () => {
    const checks = await testDeployment('tls-no-ca', { broker: { url: rabbit.amqpsUrl } });
    expect(checks.broker?.ok).toBe(false);
    expect(checks.broker?.detail).toMatch(/^TLS failed with localhost:\d+: .*Check the CA file, or the "verify certificate" setting/);
  });

  it('connects without verification when told to, for a test broker', async () => {
    const checks = await testDeployment('tls-no-verify', { broker: { url: rabbit.amqpsUrl, tls: { verify: false } } });
    expect(checks.broker).toMatchObject({ ok: true });
  });

  it('names a CA file it cannot read', async () => {
    const checks = await testDeployment('tls-missing-ca', { broker: { url: rabbit.amqpsUrl, tls: { caPath: '/nonexistent/ca.pem' } } });
    expect(checks.broker?.detail).toMatch(/^Cannot read the CA file \/nonexistent\/ca\.pem/);
  });
});
