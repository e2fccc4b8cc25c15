import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_CELERY_SETTINGS } from '../../../../shared/domain/settings.ts';
import type { AmqpSession } from '../../kernel/amqp/amqp-session.ts';
import { silentLogger } from '../../kernel/logging/logger.ts';
import type { CeleryBatch, CeleryBatchWriter } from './store/celery-batch-writer.ts';
import type { CeleryStore } from './store/celery-store.ts';
import { CeleryMonitor } from './celery-monitor.ts';
import type { PidboxClient } from './pidbox/index.ts';

// The ack discipline, with the broker and the writer played by hand: a message is acked only
// after the batch holding it is committed, and never on a channel whose batch failed.

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function harness() {
  const writes: { batch: CeleryBatch; commit: ReturnType<typeof deferred> }[] = [];
  const writer: CeleryBatchWriter = {
    write(batch) {
      const commit = deferred();
      writes.push({ batch, commit });
      return commit.promise;
    },
    close: () => Promise.resolve(),
  };
  const acks: number[] = [];
  let consume: ((message: ConsumeMessage | null) => void) | undefined;
  const channel = {
    ack: (message: ConsumeMessage) => acks.push(message.fields.deliveryTag),
    close: vi.fn(() => Promise.resolve()),
    consume: (_queue: string, onMessage: (message: ConsumeMessage | null) => void) => {
      consume = onMessage;
      return Promise.resolve({ consumerTag: 'c' });
    },
    assertExchange: () => Promise.resolve(),
    assertQueue: () => Promise.resolve(),
    bindQueue: () => Promise.resolve(),
    prefetch: () => Promise.resolve(),
  } as unknown as Channel;
  // The queue declaration is tried on a channel of its own first (event-queue.ts).
  const probe = { on: () => probe, assertQueue: () => Promise.resolve(), close: () => Promise.resolve() };
  const connection = { createChannel: () => Promise.resolve(probe) } as unknown as ChannelModel;
  const setups: ((channel: Channel) => Promise<void>)[] = [];
  const session = {
    addSetup: (_name: string, setup: (channel: Channel, connection: ChannelModel) => Promise<void>) => (
      setups.push((channel) => setup(channel, connection)), () => Promise.resolve()
    ),
  } as unknown as AmqpSession;
  const monitor = new CeleryMonitor({
    deploymentId: 1,
    installId: 'test',
    session,
    pidbox: { attach: () => Promise.resolve(), call: () => Promise.resolve({}) } as unknown as PidboxClient,
    store: { loadRecent: () => ({ tasks: [], workers: [] }), rejectedCount: () => 0 } as unknown as CeleryStore,
    writer,
    settings: () => ({ ...DEFAULT_CELERY_SETTINGS, enableEventsInterval: null }),
    log: silentLogger(),
    now: () => 1_000_000,
    onChange: () => {},
  });
  let tag = 0;
  const deliver = (uuid: string) => {
    tag += 1;
    const body = { type: 'task-received', uuid, name: 'tach.add', hostname: 'w@h', timestamp: 1000, clock: tag, utcoffset: 0, pid: 1 };
    consume?.({ content: Buffer.from(JSON.stringify(body)), fields: { deliveryTag: tag, routingKey: 'task.received' }, properties: { contentType: 'application/json', contentEncoding: 'utf-8' } } as unknown as ConsumeMessage);
  };
  const flush = () => vi.advanceTimersByTime(100);
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  return { monitor, channel, setups, writes, acks, deliver, flush, settle };
}

describe('CeleryMonitor acks', () => {
  it('acks a batch only once its commit resolves, batches in delivery order', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const h = harness();
    h.monitor.start();
    await h.setups[0]!(h.channel);
    h.deliver('a');
    h.flush();
    h.deliver('b');
    h.flush();
    expect(h.writes.map((w) => w.batch.tasks.map((t) => t.uuid))).toEqual([['a'], ['b']]);
    // The second commit resolves first: nothing may be acked until the first one has.
    h.writes[1]!.commit.resolve();
    await h.settle();
    expect(h.acks).toEqual([]);
    h.writes[0]!.commit.resolve();
    await h.settle();
    expect(h.acks).toEqual([1, 2]);
    vi.useRealTimers();
    await h.monitor.stop();
  });

  it('closes the channel when a commit fails, and acks nothing more on it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const h = harness();
    h.monitor.start();
    await h.setups[0]!(h.channel);
    h.deliver('a');
    h.flush();
    h.deliver('b');
    h.flush();
    h.writes[0]!.commit.reject(new Error('disk full'));
    await h.settle();
    expect(h.channel.close).toHaveBeenCalled();
    expect(h.monitor.counters().storeError).toMatch(/disk full/);
    h.writes[1]!.commit.resolve();
    await h.settle();
    // An ack of message 2 would be cumulative and cover message 1, which was never committed.
    expect(h.acks).toEqual([]);
    vi.useRealTimers();
    await h.monitor.stop();
  });

  it('on stop, commits what it holds and waits for the commit before letting go of the channel', async () => {
    const h = harness();
    h.monitor.start();
    await h.setups[0]!(h.channel);
    h.deliver('a');
    const stopped = h.monitor.stop();
    let done = false;
    void stopped.then(() => (done = true));
    await h.settle();
    expect(done).toBe(false);
    h.writes[0]!.commit.resolve();
    await stopped;
    expect(h.acks).toEqual([1]);
  });
});

describe('CeleryMonitor camera', () => {
  it('hands camera shots and trims to the writer with a batch, never writing on the engine thread', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const h = harness();
    h.monitor.start();
    await h.setups[0]!(h.channel);
    h.deliver('a');
    h.flush();
    expect(h.writes).toHaveLength(1);
    expect(h.writes[0]!.batch.camera).toBeUndefined();
    h.writes[0]!.commit.resolve();
    vi.advanceTimersByTime(DEFAULT_CELERY_SETTINGS.camera.frequency * 1000);
    const shot = h.writes.find((w) => w.batch.camera?.shot);
    expect(shot?.batch.tasks).toEqual([]);
    expect(shot?.batch.camera?.shot).toMatchObject({ takenAt: 1_000_000, data: { tasksByState: { RECEIVED: 1 }, events: { total: 1 } } });
    // Nothing happened since: the next tick takes no shot.
    const count = h.writes.length;
    vi.advanceTimersByTime(DEFAULT_CELERY_SETTINGS.camera.frequency * 1000);
    expect(h.writes.filter((w) => w.batch.camera?.shot)).toHaveLength(1);
    vi.advanceTimersByTime(60_000);
    const trim = h.writes.slice(count).find((w) => w.batch.camera?.trim);
    expect(trim?.batch.camera?.trim).toEqual({
      before: 1_000_000 - DEFAULT_CELERY_SETTINGS.camera.maxAgeHours * 3_600_000,
      maxCount: DEFAULT_CELERY_SETTINGS.camera.maxCount,
    });
    for (const write of h.writes) write.commit.resolve();
    vi.useRealTimers();
    await h.monitor.stop();
  });
});
