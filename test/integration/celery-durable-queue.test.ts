import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRabbitMq, type RabbitMq } from '../harness/rabbitmq.ts';
import { startTempEngine, type TempEngine } from '../support/temp-engine.ts';

// Celery publishes its events transient (EventDispatcher delivery_mode=1). While Tach is stopped
// they wait in its queue; if the broker restarts meanwhile, a classic queue loses every one of
// them, and a quorum queue (settings.celery.durableQueue) keeps every one, since RabbitMQ writes
// quorum queue messages to disk whatever their delivery mode. Two deployments of one Tach watch
// the same broker, one per queue type, so both see the very same events. A private broker: the
// test restarts it.
let rabbit: RabbitMq;
let tach: TempEngine | undefined;
let dataDir: string;
let durable: number;
let classic: number;
let installId: string;

const TASKS = 300;
const RUN = `durable.run${Date.now()}`;

beforeAll(async () => {
  rabbit = await startRabbitMq();
}, 90_000);

afterAll(async () => {
  await tach?.stop();
  await rabbit?.stop();
});

const consumer = async (deploymentId: number) => (await tach!.call('celery.overview', { deploymentId })).consumer.state;
const queueName = (deploymentId: number) => `tach.celeryev.${installId}.${deploymentId}`;

/** Tasks of this run in SUCCESS, as Tach stored them. */
async function succeeded(deploymentId: number): Promise<number> {
  const page = await tach!.call('celery.tasks', { deploymentId, name: RUN, state: 'SUCCESS', limit: 1000 });
  return page.tasks.length;
}

async function management(path: string): Promise<unknown> {
  const response = await fetch(`${rabbit.managementUrl}${path}`, { headers: { authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}` } });
  return response.status === 404 ? null : ((await response.json()) as unknown);
}

/** What the management API says of a queue: its type, the messages waiting in it, its arguments. */
async function queueInfo(name: string): Promise<{ type: string; messages: number } | null> {
  const body = (await management(`/api/queues/%2F/${encodeURIComponent(name)}`)) as { type: string; messages?: number } | null;
  return body === null ? null : { type: body.type, messages: body.messages ?? 0 };
}

/** TASKS lifecycles as a Celery worker sends them: task.multi batches, delivery_mode 1. */
async function publishTransientEvents(): Promise<void> {
  const connection = await amqp.connect(rabbit.amqpUrl);
  const channel = await connection.createConfirmChannel();
  const now = Date.now() / 1000;
  const common = { hostname: 'celery@durable', utcoffset: 0, pid: 7, clock: 1, timestamp: now };
  for (let first = 0; first < TASKS; first += 8) {
    const events = [];
    for (let i = first; i < Math.min(first + 8, TASKS); i += 1) {
      const uuid = `${RUN}-${i}`;
      events.push(
        { ...common, type: 'task-received', uuid, name: RUN, args: '()', kwargs: '{}' },
        { ...common, type: 'task-started', uuid },
        { ...common, type: 'task-succeeded', uuid, result: "'ok'", runtime: 0.01 },
      );
    }
    channel.publish('celeryev', 'task.multi', Buffer.from(JSON.stringify(events)), {
      deliveryMode: 1,
      contentType: 'application/json',
      contentEncoding: 'utf-8',
    });
  }
  await channel.waitForConfirms();
  await connection.close();
}

describe('Celery events waiting for Tach across a broker restart', () => {
  it('are all kept by the quorum queue, and all lost by the classic one', async () => {
    tach = await startTempEngine();
    dataDir = tach.dataDir;
    const tenant = await tach.call('tenants.create', { name: 'durable' });
    const create = (name: string, durableQueue: boolean) =>
      tach!.call('deployments.create', { tenantId: tenant.id, name, broker: { url: rabbit.amqpUrl }, celery: { enabled: true, durableQueue } });
    durable = (await create('quorum', true)).id;
    classic = (await create('classic', false)).id;
    await expect.poll(() => consumer(durable), { timeout: 20_000 }).toBe('consuming');
    await expect.poll(() => consumer(classic), { timeout: 20_000 }).toBe('consuming');
    // The broker is this test's own: Tach's are the only event queues on it.
    const names = ((await management('/api/queues/%2F')) as { name: string }[]).map((q) => q.name).filter((n) => n.startsWith('tach.celeryev.'));
    installId = names[0]?.split('.')[2] ?? '';
    expect(names.sort()).toEqual([queueName(durable), queueName(classic)].sort());
    expect((await queueInfo(queueName(durable)))?.type).toBe('quorum');
    expect((await queueInfo(queueName(classic)))?.type).toBe('classic');

    // Tach away: both queues collect the same transient events.
    await tach.engine.stop();
    tach = undefined;
    await publishTransientEvents();
    const messages = Math.ceil(TASKS / 8);
    await expect.poll(async () => (await queueInfo(queueName(durable)))?.messages, { timeout: 20_000 }).toBe(messages);
    await expect.poll(async () => (await queueInfo(queueName(classic)))?.messages, { timeout: 20_000 }).toBe(messages);

    await rabbit.restart();
    // The broker kept both queues (durable), but only the quorum queue's transient messages.
    await expect.poll(async () => queueInfo(queueName(durable)), { timeout: 30_000 }).toEqual({ type: 'quorum', messages });
    expect(await queueInfo(queueName(classic))).toEqual({ type: 'classic', messages: 0 });

    tach = await startTempEngine(dataDir);
    await expect.poll(() => succeeded(durable), { timeout: 30_000 }).toBe(TASKS);
    await expect.poll(() => consumer(classic), { timeout: 20_000 }).toBe('consuming');
    expect(await succeeded(classic)).toBe(0);
    // Acked once committed (the management API's figures lag by its sampling interval).
    await expect.poll(async () => queueInfo(queueName(durable)), { timeout: 20_000 }).toEqual({ type: 'quorum', messages: 0 });
  }, 240_000);

  it('switches a queue between the two types by deleting and declaring it anew', async () => {
    await tach!.call('deployments.update', { id: durable, celery: { durableQueue: false } });
    await expect.poll(async () => (await queueInfo(queueName(durable)))?.type, { timeout: 20_000 }).toBe('classic');
    await expect.poll(() => consumer(durable), { timeout: 20_000 }).toBe('consuming');
    await tach!.call('deployments.update', { id: classic, celery: { durableQueue: true, queueMaxLength: 5000, queueTtlSeconds: 600 } });
    await expect.poll(async () => (await queueInfo(queueName(classic)))?.type, { timeout: 20_000 }).toBe('quorum');
    await expect.poll(() => consumer(classic), { timeout: 20_000 }).toBe('consuming');
    // New limits on a quorum queue are a new declaration too.
    await tach!.call('deployments.update', { id: classic, celery: { queueMaxLength: 6000 } });
    await expect
      .poll(async () => ((await management(`/api/queues/%2F/${encodeURIComponent(queueName(classic))}`)) as { arguments: Record<string, unknown> }).arguments['x-max-length'], {
        timeout: 20_000,
      })
      .toBe(6000);
    await expect.poll(() => consumer(classic), { timeout: 20_000 }).toBe('consuming');
  }, 120_000);
});
