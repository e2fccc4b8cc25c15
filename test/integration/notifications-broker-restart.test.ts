import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationEvent } from '../../src/shared/domain/notifications.ts';
import { runNotifier } from '../harness/oslo-notifier.ts';
import { startRabbitMq, type RabbitMq } from '../harness/rabbitmq.ts';
import { startTempEngine, type TempEngine } from '../support/temp-engine.ts';

// With the cloud's queues durable (amqp_durable_queues = true), notifications sent while Tach is
// away survive a broker restart, and Tach reconnects by itself after one: every message_id
// stored exactly once. A private broker, since restarting the shared one would disturb the rest.
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

async function storedIds(): Promise<string[]> {
  const out: NotificationEvent[] = [];
  let before: string | undefined;
  do {
    const page = await tach.call('notifications.events', { deploymentId, limit: 1000, ...(before ? { before } : {}) });
    out.push(...page.events);
    before = page.next ?? undefined;
  } while (before);
  return out.map((e) => e.messageId);
}

const health = async () => (await tach.call('notifications.overview', { deploymentId })).health;

describe('durable notification queues across a broker restart', () => {
  it('keeps what was sent while Tach was stopped, and reconnects after the broker comes back', async () => {
    tach = await startTempEngine();
    const tenant = await tach.call('tenants.create', { name: 'durable' });
    deploymentId = (
      await tach.call('deployments.create', {
        tenantId: tenant.id,
        name: 'cloud',
        broker: { url: rabbit.amqpUrl },
        notifications: { enabled: true, exchanges: ['nova'], queues: ['monitor.info', 'monitor.error'], durableQueues: true },
      })
    ).id;
    await expect.poll(health, { timeout: 20_000 }).toBe('consuming');
    const first = await runNotifier({ url: rabbit.amqpUrl, driver: 'messagingv2', durable: true, requests: 5 });
    expect(first.failed).toEqual([]);
    await expect.poll(async () => (await storedIds()).length, { timeout: 20_000 }).toBe(first.sent.length);

    // Tach away: the durable queue keeps what is sent, through a broker restart.
    const dataDir = tach.dataDir;
    await tach.engine.stop();
    const whileAway = await runNotifier({ url: rabbit.amqpUrl, driver: 'messaging', durable: true, requests: 10, errorEvery: 5 });
    expect(whileAway.failed).toEqual([]);
    await rabbit.restart();
    tach = await startTempEngine(dataDir);
    await expect.poll(async () => (await storedIds()).length, { timeout: 30_000 }).toBe(first.sent.length + whileAway.sent.length);

    // Tach running: the broker restarts under it; it reconnects with backoff and goes on.
    await rabbit.restart();
    await expect.poll(health, { timeout: 60_000, interval: 500 }).toBe('consuming');
    const after = await runNotifier({ url: rabbit.amqpUrl, driver: 'messagingv2', durable: true, requests: 5 });
    expect(after.failed).toEqual([]);
    const all = [...first.sent, ...whileAway.sent, ...after.sent];
    await expect.poll(async () => (await storedIds()).length, { timeout: 30_000 }).toBe(all.length);
    const stored = await storedIds();
    expect(new Set(stored).size).toBe(stored.length);
    expect(new Set(stored)).toEqual(new Set(all));
    const queues = (await tach.call('notifications.overview', { deploymentId })).queues;
    expect(queues.map((q) => [q.queue, q.durable])).toEqual([
      ['monitor.info', true],
      ['monitor.error', true],
    ]);
  }, 240_000);
});
