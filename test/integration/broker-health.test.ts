import { createServer, request as httpRequest, type Server } from 'node:http';
import amqp, { type ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Alert, BrokerHealth } from '../../src/shared/domain/broker.ts';
import { startTempEngine, type TempEngine } from '../support/temp-engine.ts';

// Broker health against the harness RabbitMQ and its management plugin: depth and the
// no-consumer alert on a queue nobody reads, the alert clearing once a consumer drains it, the
// passive-declare fallback, and clear statuses when the management API refuses or goes away.
const rabbit = inject('rabbit');
const run = `${process.pid}-${Date.now().toString(36)}`;
const QUEUE = `notifications.info.${run}`;
const PASSIVE_QUEUE = `passive.${run}`;
let tach: TempEngine;
let tenantId: number;
let connection: ChannelModel;

// Short polls and grace periods: the test waits seconds, not minutes. The management plugin
// refreshes its queue figures every 5 s, so waits allow for that.
const fast = { pollInterval: 1, thresholds: { noConsumerDepth: 1 } };
const WAIT = { timeout: 30_000, interval: 250 };

const health = (deploymentId: number) => tach.call('broker.health', { deploymentId });
const queue = async (deploymentId: number, name: string) => (await health(deploymentId)).queues.find((q) => q.name === name);
const alerts = (deploymentId: number) => tach.call('alerts.list', { deploymentId });
const noConsumerAlert = async (deploymentId: number): Promise<Alert | undefined> =>
  (await alerts(deploymentId)).find((a) => a.rule === 'queue.no_consumer' && a.subject === `%2F/${QUEUE}`);

beforeAll(async () => {
  tach = await startTempEngine();
  tenantId = (await tach.call('tenants.create', { name: 'health-it' })).id;
  connection = await amqp.connect(rabbit.amqpUrl);
}, 60_000);

afterAll(async () => {
  const channel = await connection?.createChannel();
  for (const name of [QUEUE, PASSIVE_QUEUE]) await channel?.deleteQueue(name).catch(() => {});
  await connection?.close();
  await tach?.stop();
});

describe('broker health over the management API', () => {
  let deploymentId: number;

  beforeAll(async () => {
    const deployment = await tach.call('deployments.create', {
      tenantId,
      name: 'mgmt',
      broker: { url: rabbit.amqpUrl, managementUrl: rabbit.managementUrl },
      brokerHealth: fast,
      alerts: { graceSeconds: 1 },
    });
    deploymentId = deployment.id;
  });

  it('shows the broker overview and its nodes', async () => {
    await expect.poll(async () => (await health(deploymentId)).state, WAIT).toBe('ok');
    const { overview, source } = await health(deploymentId);
    expect(source).toBe('management');
    expect(overview?.rabbitmqVersion).toMatch(/^\d+\.\d+/);
    expect(overview?.nodes[0]).toMatchObject({ running: true, memAlarm: false, diskFreeAlarm: false });
  });

  it('sees a queue fill with no consumer, and the no-consumer alert opens after its grace period', async () => {
    const channel = await connection.createChannel();
    await channel.assertQueue(QUEUE, { durable: false, autoDelete: false });
    for (let i = 0; i < 25; i++) channel.sendToQueue(QUEUE, Buffer.from(`{"event_type":"compute.instance.create.end","n":${i}}`));
    await channel.close();
    await expect.poll(async () => (await queue(deploymentId, QUEUE))?.messages, WAIT).toBe(25);
    expect(await queue(deploymentId, QUEUE)).toMatchObject({ consumers: 0, messagesReady: 25, messagesUnacknowledged: 0 });
    await expect.poll(async () => (await noConsumerAlert(deploymentId))?.closedAt, WAIT).toBeNull();
    const alert = await noConsumerAlert(deploymentId);
    expect(alert?.message).toContain(`Queue ${QUEUE} has 25 messages and no consumer`);
    expect(alert?.peakValue).toBe(25);
    expect((await tach.call('alerts.open', undefined)).map((a) => a.id)).toContain(alert?.id);
  });

  it('keeps the queue history as samples', async () => {
    // Over the last minute every poll is its own sample (an hour would average 8 s of polls each).
    const history = await tach.call('broker.history', { deploymentId, vhost: '/', name: QUEUE, since: new Date(Date.now() - 60_000).toISOString() });
    expect(history.resolutionSeconds).toBe(1);
    expect(history.samples.length).toBeGreaterThan(1);
    expect(history.samples.at(-1)).toMatchObject({ messages: 25, consumers: 0 });
  });

  it('clears the alert once a consumer drains the queue', async () => {
    const channel = await connection.createChannel();
    await channel.consume(QUEUE, (message) => message && channel.ack(message));
    await expect.poll(async () => (await queue(deploymentId, QUEUE))?.consumers, WAIT).toBe(1);
    await expect.poll(async () => (await noConsumerAlert(deploymentId))?.closedAt, WAIT).toEqual(expect.any(String));
    expect((await tach.call('alerts.open', undefined)).some((a) => a.rule === 'queue.no_consumer' && a.subject === `%2F/${QUEUE}`)).toBe(false);
    await channel.close();
  });
});

describe('broker health without a management API', () => {
  it('passive-declares the named queues and says what it cannot see', async () => {
    const channel = await connection.createChannel();
    await channel.assertQueue(PASSIVE_QUEUE, { durable: false });
    for (let i = 0; i < 3; i++) channel.sendToQueue(PASSIVE_QUEUE, Buffer.from('x'));
    await channel.close();
    const { id } = await tach.call('deployments.create', {
      tenantId,
      name: 'passive',
      broker: { url: rabbit.amqpUrl },
      brokerHealth: { ...fast, queues: [PASSIVE_QUEUE, `missing.${run}`] },
    });
    await expect.poll(async () => (await queue(id, PASSIVE_QUEUE))?.messages, WAIT).toBe(3);
    const result: BrokerHealth = await health(id);
    expect(result).toMatchObject({ source: 'passive', state: 'ok', overview: null });
    expect(result.limits).toContain('No management API URL is set');
    expect(result.detail).toContain(`"missing.${run}" does not exist`);
    expect(result.queues[0]).toMatchObject({ consumers: 0, messagesReady: null, publishRate: null });
  });
});

describe('a broker with nothing to watch', () => {
  // Deployments are taken up one after another, in the order they changed: once one created
  // after this one has polled, this one was taken up too, and any poller (and alert) it got shows.
  it('is not a failing poll: it says what to add, and raises no alert', async () => {
    const { id } = await tach.call('deployments.create', { tenantId, name: 'celery-only', broker: { url: rabbit.amqpUrl }, brokerHealth: fast, alerts: { graceSeconds: 0 } });
    const later = await tach.call('deployments.create', {
      tenantId,
      name: 'taken-up-after',
      broker: { url: rabbit.amqpUrl, managementUrl: rabbit.managementUrl },
      brokerHealth: fast,
      alerts: { graceSeconds: 0 },
    });
    await expect.poll(async () => (await health(later.id)).lastPollAt, WAIT).toEqual(expect.any(String));
    expect(await health(id)).toMatchObject({ source: 'off', state: 'off', lastPollAt: null, detail: expect.stringContaining('Nothing to poll') });
    expect(await alerts(id)).toEqual([]);
    await tach.call('deployments.remove', { id: later.id });
  });
});

describe('a management API that refuses or goes away', () => {
  it('says the credentials are wrong, and polls again once they are fixed', async () => {
    const url = new URL(rabbit.managementUrl);
    url.username = rabbit.user;
    const { id } = await tach.call('deployments.create', {
      tenantId,
      name: 'wrong-password',
      broker: { url: rabbit.amqpUrl, managementUrl: url.toString(), managementPassword: 'not-the-password' },
      brokerHealth: fast,
      alerts: { graceSeconds: 0 },
    });
    await expect.poll(async () => (await health(id)).state, WAIT).toBe('error');
    expect((await health(id)).detail).toContain(`refused user "${rabbit.user}": wrong user name or password`);
    await expect.poll(async () => (await alerts(id)).find((a) => a.rule === 'broker.poll_failed')?.closedAt, WAIT).toBeNull();
    await tach.call('deployments.update', { id, broker: { url: rabbit.amqpUrl, managementUrl: url.toString(), managementPassword: rabbit.password } });
    await expect.poll(async () => (await health(id)).state, WAIT).toBe('ok');
    await expect.poll(async () => (await alerts(id)).find((a) => a.rule === 'broker.poll_failed')?.closedAt, WAIT).toEqual(expect.any(String));
  });

  it('reports a management API that is down, and resumes by itself when it is back', async () => {
    const gate = await startGate(rabbit.managementUrl);
    try {
      const { id } = await tach.call('deployments.create', {
        tenantId,
        name: 'flaky-management',
        broker: { url: rabbit.amqpUrl, managementUrl: gate.url },
        brokerHealth: fast,
      });
      await expect.poll(async () => (await health(id)).state, WAIT).toBe('ok');
      gate.up = false;
      await expect.poll(async () => (await health(id)).state, WAIT).toBe('error');
      const down = await health(id);
      const gateWhere = new URL(gate.url).host;
      expect(down.detail).toMatch(new RegExp(`^Management API: ${gateWhere.replace(/\./g, '\\.')} closed the connection`));
      expect(down.detail).toContain('Polling again every 1 s.');
      expect(down.queues.length).toBeGreaterThan(0);
      gate.up = true;
      await expect.poll(async () => (await health(id)).state, WAIT).toBe('ok');
    } finally {
      await gate.close();
    }
  });
});

/** An http proxy in front of the real management API that can be switched off (connections cut). */
async function startGate(target: string): Promise<{ url: string; up: boolean; close(): Promise<void> }> {
  const upstream = new URL(target);
  const gate = { up: true, url: '', close: async () => {} };
  const server: Server = createServer((req, res) => {
    if (!gate.up) {
      req.socket.destroy();
      return;
    }
    const proxied = httpRequest(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    proxied.on('error', () => res.destroy());
    req.pipe(proxied);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  gate.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  gate.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return gate;
}
