import amqp, { type Channel, type ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PidboxClient, sendCommand } from '../../src/main/engine/capabilities/celery/pidbox/index.ts';
import type { PidboxResult, SendCommandOptions } from '../../src/main/engine/capabilities/celery/pidbox/index.ts';
import { startCeleryWorker } from '../harness/celery-worker.ts';
import type { CeleryWorker } from '../harness/celery-worker.ts';

// Celery remote control against two real workers (Debian's Celery 5.2.6) on the harness broker.
// Calls name their destinations, so they return as soon as the workers answered instead of
// waiting out a broadcast's timeout: that keeps the file at a few seconds.
const rabbit = inject('rabbit');
const ALPHA = 'alpha@tach';
const BETA = 'beta@tach';
const BOTH = [ALPHA, BETA];

let alpha: CeleryWorker;
let beta: CeleryWorker;
let connection: ChannelModel;
let channel: Channel;
const client = new PidboxClient();

beforeAll(async () => {
  const started = Date.now();
  [alpha, beta] = await Promise.all([
    startCeleryWorker({ brokerUrl: rabbit.amqpUrl, hostname: ALPHA }),
    // beta runs without -E, so enable_events/disable_events have something to toggle.
    startCeleryWorker({ brokerUrl: rabbit.amqpUrl, hostname: BETA, events: false }),
  ]);
  process.stderr.write(`[pidbox] workers ready: alpha ${alpha.readyMs} ms, beta ${beta.readyMs} ms (both ${Date.now() - started} ms)\n`);
  connection = await amqp.connect(rabbit.amqpUrl);
  channel = await connection.createChannel();
  await client.attach(channel);
});

afterAll(async () => {
  await client.detach();
  await connection?.close().catch(() => {});
  await Promise.all([alpha?.stop(), beta?.stop()]);
});

/** A catalogued command (validated) to both workers or `destination`, waiting up to 5 s for them. */
function command(method: string, args: unknown = {}, options: SendCommandOptions = {}): Promise<PidboxResult> {
  return sendCommand(client, method, args, { destination: BOTH, timeoutSeconds: 5, ...options });
}

async function eventually<T>(produce: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await produce();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const queueNames = (reply: unknown): string[] => (reply as { name: string }[]).map((queue) => queue.name);

describe('pidbox against real Celery workers', () => {
  it('pings every worker with a broadcast, keyed by node name', async () => {
    const result = await client.call('ping', { limit: 2, timeoutSeconds: 5 });
    expect(result.replies).toEqual({ [ALPHA]: { ok: 'pong' }, [BETA]: { ok: 'pong' } });
    expect(result.missing).toEqual([]);
  });

  // The call's timeout is far past the test's: it must return on the reply, not wait it out.
  it('asks only the destination, and returns as soon as it answered', async () => {
    const result = await client.call('ping', { destination: [ALPHA], timeoutSeconds: 600 });
    expect(result.replies).toEqual({ [ALPHA]: { ok: 'pong' } });
    expect(result.missing).toEqual([]);
  });

  it('names destinations that did not answer, keeping every reply that came', async () => {
    const result = await client.call('ping', { destination: [ALPHA, 'ghost@nowhere', BETA], timeoutSeconds: 2 });
    expect(result.replies).toEqual({ [ALPHA]: { ok: 'pong' }, [BETA]: { ok: 'pong' } });
    expect(result.missing).toEqual(['ghost@nowhere']);
  });

  it('reads stats, registered tasks and active queues', async () => {
    const stats = await command('stats');
    expect(stats.replies[ALPHA]).toMatchObject({ pool: { 'max-concurrency': 2 } });
    expect((await command('registered')).replies[BETA]).toContain('tach.add');
    expect(queueNames((await command('active_queues')).replies[ALPHA])).toContain('celery');
  });

  it('adds and cancels a consumer', async () => {
    const queue = `tach-pidbox-${process.pid}`;
    expect((await command('add_consumer', { queue }, { destination: [ALPHA] })).replies[ALPHA]).toEqual({ ok: `add consumer ${queue}` });
    // The worker acknowledges at once and subscribes on its next loop turn.
    const added = await eventually(() => command('active_queues', {}, { destination: [ALPHA] }), (r) => queueNames(r.replies[ALPHA]).includes(queue));
    expect(queueNames(added.replies[ALPHA])).toContain(queue);
    expect((await command('cancel_consumer', { queue }, { destination: [ALPHA] })).replies[ALPHA]).toEqual({ ok: `no longer consuming from ${queue}` });
    const cancelled = await eventually(() => command('active_queues', {}, { destination: [ALPHA] }), (r) => !queueNames(r.replies[ALPHA]).includes(queue));
    expect(queueNames(cancelled.replies[ALPHA])).toEqual(['celery']);
  });

  it('sets a rate limit, toggles events where it can, and acknowledges a revoke of an unknown id', async () => {
    expect((await command('rate_limit', { task_name: 'tach.add', rate_limit: '50/s' })).replies).toEqual({
      [ALPHA]: { ok: 'new rate limit set successfully' },
      [BETA]: { ok: 'new rate limit set successfully' },
    });
    expect((await command('enable_events', {}, { destination: [BETA] })).replies[BETA]).toEqual({ ok: 'task events enabled' });
    expect((await command('disable_events', {}, { destination: [BETA] })).replies[BETA]).toEqual({ ok: 'task events disabled' });
    // Celery 5.2 quirk: -E leaves the dispatcher's group filter empty (= every group), and
    // disable_events only removes 'task' from a non-empty filter, so it changes nothing.
    expect((await command('disable_events', {}, { destination: [ALPHA] })).replies[ALPHA]).toEqual({ ok: 'task events already disabled' });
    expect((await command('revoke', { task_id: 'no-such-task' })).replies[BETA]).toEqual({ ok: 'tasks no-such-task flagged as revoked' });
  });

  it('answers an unknown command with the KeyError it raised', async () => {
    const result = await client.call('no_such_command', { destination: [ALPHA], timeoutSeconds: 5 });
    expect(result.replies[ALPHA]).toEqual({ error: "KeyError('no_such_command')" });
  });

  it('finds a running task with query_task, and reads conf', async () => {
    const taskId = await alpha.sendTask('tach.sleep', [2]);
    // Either worker may take it; it is "reserved" or "active" wherever it went.
    const found = await eventually(
      () => command('query_task', { ids: taskId }),
      (r) => Object.values(r.replies).some((reply) => Object.hasOwn(reply as object, taskId)),
    );
    const [state, info] = Object.values(found.replies).map((reply) => (reply as Record<string, unknown>)[taskId]).find(Boolean) as [string, { name: string }];
    expect(['active', 'reserved']).toContain(state);
    expect(info.name).toBe('tach.sleep');
    const conf = await command('conf', {}, { destination: [ALPHA] });
    expect(conf.replies[ALPHA]).toMatchObject({ worker_send_task_events: true, task_send_sent_event: true });
  });

  it('keeps working after attaching to a second channel', async () => {
    const second = await connection.createChannel();
    await client.attach(second);
    await client.attach(second); // idempotent
    expect((await client.call('ping', { destination: BOTH, timeoutSeconds: 5 })).replies).toEqual({ [ALPHA]: { ok: 'pong' }, [BETA]: { ok: 'pong' } });
    await channel.close();
    channel = second;
    expect((await client.call('clock', { destination: [ALPHA], timeoutSeconds: 5 })).replies[ALPHA]).toHaveProperty('clock');
  });

  it('fails calls in flight at once when the channel dies, and recovers on the next attach', async () => {
    // A broadcast waits out its timeout, here far past the test's: only the channel's death can end it.
    const pending = client.call('ping', { timeoutSeconds: 600 });
    // Handled before the channel dies, so the rejection is never briefly unhandled.
    const cutOff = expect(pending).rejects.toThrow(/Remote control "ping" was cut off after \d+ repl(y|ies): the broker closed the channel \(.*NOT_FOUND/);
    // A channel error makes the broker close the channel the client shares with others.
    await expect(channel.checkQueue('tach-no-such-queue')).rejects.toThrow(/404/);
    await cutOff;
    await expect(client.call('ping')).rejects.toThrow(/not connected to the broker \(the broker closed the channel/);
    channel = await connection.createChannel();
    await client.attach(channel);
    expect((await client.call('ping', { destination: [ALPHA], timeoutSeconds: 5 })).replies).toEqual({ [ALPHA]: { ok: 'pong' } });
  });

  it('shuts down only the destination, which then exits', async () => {
    // shutdown is a cast (the catalogue says so): the worker raises SystemExit before kombu could reply.
    const result = await command('shutdown', {}, { destination: [BETA] });
    expect(result.replies).toEqual({});
    await beta.waitForExit(20_000);
    expect(beta.running()).toBe(false);
    expect(alpha.running()).toBe(true);
    expect((await client.call('ping', { destination: BOTH, timeoutSeconds: 0.5 })).missing).toEqual([BETA]);
  });
});
