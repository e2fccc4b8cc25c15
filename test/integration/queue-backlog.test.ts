import { randomUUID } from 'node:crypto';
import amqp, { type ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BACKLOG_READY, QueueBacklog } from '../../src/main/engine/capabilities/notifications/queue-backlog.ts';

// QueueBacklog against the harness's real RabbitMQ: it reads a queue's ready count with a passive
// check, says "backlog" only for a fresh reading at or above BACKLOG_READY, and survives a queue
// that does not exist (the failed check closes only its own channel).
const rabbit = inject('rabbit');

let connection: ChannelModel;
const queues: string[] = [];

async function queueHolding(ready: number): Promise<string> {
  const queue = `tach-test-backlog-${randomUUID().slice(0, 8)}`;
  queues.push(queue);
  const channel = await connection.createConfirmChannel();
  await channel.assertQueue(queue, { durable: false });
  for (let i = 0; i < ready; i++) channel.sendToQueue(queue, Buffer.from(`{"n": ${i}}`));
  await channel.waitForConfirms();
  await channel.close();
  return queue;
}

beforeAll(async () => {
  connection = await amqp.connect(rabbit.amqpUrl);
});

afterAll(async () => {
  const channel = await connection.createChannel();
  for (const queue of queues) await channel.deleteQueue(queue);
  await connection.close();
});

describe('QueueBacklog', () => {
  it('holds a backlog while a fresh reading finds BACKLOG_READY messages ready, and not once the reading is old', async () => {
    const backlog = new QueueBacklog();
    backlog.watch(await queueHolding(BACKLOG_READY), connection);
    expect(backlog.holdsBacklog(0)).toBe(false);
    await backlog.probe(() => 10_000);
    expect(backlog.holdsBacklog(10_500)).toBe(true);
    expect(backlog.holdsBacklog(11_001)).toBe(false);
  });

  it('does not call a queue below BACKLOG_READY a backlog', async () => {
    const backlog = new QueueBacklog();
    backlog.watch(await queueHolding(BACKLOG_READY - 1), connection);
    await backlog.probe(() => 0);
    expect(backlog.holdsBacklog(0)).toBe(false);
  });

  it('drops the reading of a queue that is gone, and the connection goes on working', async () => {
    const backlog = new QueueBacklog();
    const queue = await queueHolding(BACKLOG_READY + 5);
    backlog.watch(queue, connection);
    await backlog.probe(() => 0);
    expect(backlog.holdsBacklog(0)).toBe(true);

    const channel = await connection.createChannel();
    await channel.deleteQueue(queue);
    await channel.close();
    await backlog.probe(() => 1);
    expect(backlog.holdsBacklog(1)).toBe(false);

    const other = await queueHolding(BACKLOG_READY);
    backlog.watch(other, connection);
    await backlog.probe(() => 2);
    expect(backlog.holdsBacklog(2)).toBe(true);
  });
});
