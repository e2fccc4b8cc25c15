import { randomUUID } from 'node:crypto';
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRabbitMq, type RabbitMq } from '../harness/rabbitmq.ts';
import { startTempEngine, type TempEngine } from '../support/temp-engine.ts';

// Celery events published persistent (delivery_mode 2) survive a broker restart in Tach's
// durable event queue: sent while Tach was stopped, then the broker restarted, every one is seen
// when Tach comes back; and Tach reconnects by itself when the broker restarts under it. A
// private broker, since restarting the shared one would disturb the other files.
let rabbit: RabbitMq;
let tach: TempEngine;
let deploymentId: number;

beforeAll(async () => {
  rabbit = await startRabbitMq();
}, 90_000);

afterAll(async () => {
  await tach?.stop();
  await rabbit?.stop();
});

/** Publishes task-sent events as a Celery client would, but persistent; resolves once the broker confirmed them. */
async function sendTaskEvents(count: number, name: string): Promise<string[]> {
  const uuids = Array.from({ length: count }, () => randomUUID());
  const connection = await amqp.connect(rabbit.amqpUrl);
  try {
    const channel = await connection.createConfirmChannel();
    uuids.forEach((uuid, clock) => {
      const event = { type: 'task-sent', uuid, name, args: '()', kwargs: '{}', retries: 0, eta: null, expires: null, queue: 'celery', exchange: '', routing_key: 'celery', root_id: uuid, parent_id: null, hostname: 'client@restart', utcoffset: 0, pid: 4242, clock: clock + 1, timestamp: Date.now() / 1000 };
      channel.publish('celeryev', 'task.sent', Buffer.from(JSON.stringify(event)), { contentType: 'application/json', contentEncoding: 'utf-8', deliveryMode: 2 });
    });
    await channel.waitForConfirms();
  } finally {
    await connection.close();
  }
  return uuids;
}

/** Tach's event queue as the broker lists it, once Tach consumes it. */
async function tachConsumes(): Promise<boolean> {
  const response = await fetch(`${rabbit.managementUrl}/api/queues/%2F`, {
    headers: { authorization: `Basic ${Buffer.from(`${rabbit.user}:${rabbit.password}`).toString('base64')}` },
  });
  const queues = (await response.json()) as { name: string; consumers?: number }[];
  return queues.some((queue) => queue.name.startsWith('tach.celeryev.') && (queue.consumers ?? 0) > 0);
}

const seen = async (): Promise<string[]> => (await tach.call('celery.tasks', { deploymentId, limit: 1000 })).tasks.map((task) => task.uuid).sort();

describe('Celery events across a broker restart', () => {
  it('keeps persistent events sent while Tach was away through a broker restart, and reconnects when the broker restarts under it', async () => {
    tach = await startTempEngine();
    const tenant = await tach.call('tenants.create', { name: 'celery-restart' });
    deploymentId = (await tach.call('deployments.create', { tenantId: tenant.id, name: 'fleet', broker: { url: rabbit.amqpUrl }, celery: { enabled: true } })).id;
    // Tach's queue declared, bound and consumed (the celeryev exchange exists once it is); then seen once.
    await expect.poll(tachConsumes, { timeout: 30_000, interval: 250 }).toBe(true);
    const first = await sendTaskEvents(1, 'tach.first');
    await expect.poll(seen, { timeout: 30_000 }).toEqual(first);

    // Tach away; events keep coming, and the broker restarts before Tach is back.
    const dataDir = tach.dataDir;
    await tach.engine.stop();
    const whileAway = await sendTaskEvents(50, 'tach.while_away');
    await rabbit.restart();
    tach = await startTempEngine(dataDir);
    await expect.poll(seen, { timeout: 60_000, interval: 500 }).toEqual([...first, ...whileAway].sort());

    // The broker restarts under a running Tach: it reconnects, and what is sent after is seen too.
    await rabbit.restart();
    const after = await sendTaskEvents(20, 'tach.after');
    await expect.poll(seen, { timeout: 60_000, interval: 500 }).toEqual([...first, ...whileAway, ...after].sort());
    const names = (await tach.call('celery.tasks', { deploymentId, limit: 1000 })).tasks.map((task) => task.name);
    expect(names.filter((name) => name === 'tach.while_away')).toHaveLength(50);
  }, 240_000);
});
