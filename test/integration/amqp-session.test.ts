import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import amqp, { type Channel, type ChannelModel, type ConsumeMessage } from 'amqplib';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { AmqpSession, type AmqpSessionOptions } from '../../src/main/engine/kernel/amqp/amqp-session.ts';
import type { AmqpSessionStatus } from '../../src/main/engine/kernel/amqp/session-status.ts';
import type { LogFields, Logger } from '../../src/main/engine/kernel/logging/logger.ts';
import { management } from '../support/management-api.ts';

// AmqpSession against the harness's real RabbitMQ: it connects, sets consumers up on their own
// channels, survives the broker cutting its connection, keeps retrying a wrong password, isolates
// a setup that the broker refuses, and stops promptly leaving nothing behind.
const rabbit = inject('rabbit');
const host = `127.0.0.1:${rabbit.amqpPort}`;

const unique = (what: string) => `tach-test-${what}-${randomUUID().slice(0, 8)}`;

interface LogRecord {
  level: string;
  message: string;
  fields: LogFields | undefined;
}

function recordingLogger(records: LogRecord[] = []): Logger & { records: LogRecord[] } {
  const at = (level: string) => (message: string, fields?: LogFields) => records.push({ level, message, fields });
  const logger = { records, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => logger, close: async () => {} };
  return logger;
}

function until(session: AmqpSession, test: (status: AmqpSessionStatus) => boolean, ms = 15_000): Promise<AmqpSessionStatus> {
  return new Promise((resolve, reject) => {
    if (test(session.status())) return resolve(session.status());
    const timer = setTimeout(() => {
      off();
      reject(new Error(`status never matched within ${ms} ms; last: ${JSON.stringify(session.status(), null, 2)}`));
    }, ms);
    const off = session.onStatus((status) => {
      if (!test(status)) return;
      clearTimeout(timer);
      off();
      resolve(status);
    });
  });
}

/** Resolves with the next message a consumer hands to `inbox`, or fails after `ms`. */
class Inbox {
  readonly #messages: string[] = [];
  readonly #waiters: ((text: string) => void)[] = [];

  push = (message: ConsumeMessage | null): void => {
    if (!message) return;
    const text = message.content.toString();
    const waiter = this.#waiters.shift();
    if (waiter) waiter(text);
    else this.#messages.push(text);
  };

  next(ms = 10_000): Promise<string> {
    const queued = this.#messages.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no message within ${ms} ms`)), ms);
      this.#waiters.push((text) => {
        clearTimeout(timer);
        resolve(text);
      });
    });
  }
}

interface BrokerConnection {
  name: string;
  /** The negotiated heartbeat, in seconds. */
  timeout: number;
  client_properties?: { connection_name?: string };
}

/** The session's connection as the management API lists it, found by the connection_name we send. */
async function brokerConnection(connectionName: string, ms = 20_000): Promise<BrokerConnection> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const response = await management(rabbit, 'GET', 'connections');
    const connections = (await response.json()) as BrokerConnection[];
    const found = connections.find((connection) => connection.client_properties?.connection_name === connectionName);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the management API never listed a connection named ${connectionName}`);
}

describe('AmqpSession against RabbitMQ', () => {
  let publisher: ChannelModel;
  let publish: Channel;
  const queues: string[] = [];
  const sessions: AmqpSession[] = [];

  const session = (options: Partial<AmqpSessionOptions> = {}): AmqpSession => {
    const created = new AmqpSession({
      name: unique('session'),
      url: rabbit.amqpUrl,
      tls: { caPath: null, verify: true },
      log: recordingLogger(),
      backoff: { initialMs: 100, maxMs: 1000 },
      ...options,
    });
    sessions.push(created);
    return created;
  };
  const queue = (what: string): string => {
    const name = unique(what);
    queues.push(name);
    return name;
  };
  /** A setup that declares `name` and hands its messages to `inbox`; counts its runs. */
  const consumeInto = (name: string, inbox: Inbox, runs: { count: number; channel?: Channel }) => async (channel: Channel) => {
    runs.count += 1;
    runs.channel = channel;
    await channel.assertQueue(name, { durable: false });
    await channel.consume(name, inbox.push, { noAck: true });
  };

  beforeAll(async () => {
    publisher = await amqp.connect(rabbit.amqpUrl);
    publish = await publisher.createChannel();
  });
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.stop()));
  });
  afterAll(async () => {
    for (const name of queues) await publish.deleteQueue(name).catch(() => {});
    await publisher?.close();
  });

  it('opens, names the broker, and delivers to a consumer set up on its channel', async () => {
    const name = queue('events');
    const inbox = new Inbox();
    const runs = { count: 0 };
    const tach = session();
    tach.addSetup('events', consumeInto(name, inbox, runs));
    tach.start();
    const open = await until(tach, (s) => s.state === 'open' && s.setups[0]?.ok === true);
    expect(open.detail).toMatch(new RegExp(`^Connected to RabbitMQ 3\\.\\d+\\.\\d+ at ${host.replace(/\./g, '\\.')}, vhost /\\.$`));
    expect(open).toMatchObject({ server: expect.stringMatching(/^RabbitMQ 3\./), attempt: 1, lastError: null, blocked: null });
    expect(open.setups).toEqual([expect.objectContaining({ name: 'events', state: 'ready', ok: true, detail: 'Ready.' })]);

    publish.sendToQueue(name, Buffer.from('task-succeeded'));
    expect(await inbox.next()).toBe('task-succeeded');
    expect(runs.count).toBe(1);
  });

  it('connects over TLS with the CA file, verifying the certificate', async () => {
    const tach = session({ url: rabbit.amqpsUrl, tls: { caPath: rabbit.caFile, verify: true } });
    tach.start();
    const open = await until(tach, (s) => s.state === 'open');
    expect(open.detail).toMatch(/^Connected to RabbitMQ 3\.\d+\.\d+ at localhost:\d+, vhost \/\.$/);
  });

  it('reconnects after the broker forces the connection closed, and runs its setups again', async () => {
    const name = queue('forced');
    const inbox = new Inbox();
    const runs = { count: 0 };
    const tach = session();
    const states: string[] = [];
    tach.onStatus((status) => {
      if (states.at(-1) !== status.state) states.push(status.state);
    });
    tach.addSetup('events', consumeInto(name, inbox, runs));
    tach.start();
    await until(tach, (s) => s.state === 'open' && s.setups[0]?.ok === true);

    const connection = await brokerConnection(tach.name);
    expect(connection.timeout).toBe(15);
    await fetch(`${rabbit.managementUrl}/api/connections/${encodeURIComponent(connection.name)}`, {
      method: 'DELETE',
      headers: {
        authorization: `Basic ${Buffer.from(`${rabbit.user}:${rabbit.password}`).toString('base64')}`,
        'x-reason': 'tach integration test',
      },
    });
    const lost = await until(tach, (s) => s.state === 'reconnecting');
    expect(lost.detail).toMatch(/^The broker at 127\.0\.0\.1:\d+ closed the connection: CONNECTION_FORCED - tach integration test/);
    expect(lost.lastError).toMatch(/CONNECTION_FORCED/);

    await until(tach, (s) => s.state === 'open' && s.setups[0]?.ok === true);
    // 'idle' first: registering a setup is itself a status change.
    expect(states).toEqual(['idle', 'connecting', 'open', 'reconnecting', 'open']);
    expect(runs.count).toBe(2);
    publish.sendToQueue(name, Buffer.from('after-reconnect'));
    expect(await inbox.next()).toBe('after-reconnect');
  });

  it('keeps retrying a wrong password with a growing attempt count, and stops', async () => {
    const log = recordingLogger();
    const url = `amqp://guest:Wr0ng-Passw0rd@${host}/`;
    const tach = session({ url, log, backoff: { initialMs: 100, maxMs: 300 } });
    tach.start();
    const failing = await until(tach, (s) => s.state === 'reconnecting' && s.attempt >= 3 && /retrying in/.test(s.detail));
    expect(failing.detail).toMatch(
      new RegExp(`^Authentication failed for user "guest" at ${host.replace(/\./g, '\\.')}: wrong user name or password; retrying in [\\d.]+ s\\.$`),
    );
    expect(JSON.stringify(log.records)).not.toContain('Wr0ng-Passw0rd');

    await tach.stop();
    expect(tach.status().state).toBe('stopped');
  });

  it('retries a setup the broker refuses (406) while the other setups keep consuming', async () => {
    const strict = queue('durable');
    await publish.assertQueue(strict, { durable: true });
    const name = queue('healthy');
    const inbox = new Inbox();
    const runs = { count: 0 };
    const tach = session({ backoff: { initialMs: 100, maxMs: 400 } });
    const states = new Set<string>();
    tach.onStatus((status) => states.add(status.state));
    let strictRuns = 0;
    tach.addSetup('strict', async (channel) => {
      strictRuns += 1;
      await channel.assertQueue(strict, { durable: false });
    });
    tach.addSetup('events', consumeInto(name, inbox, runs));
    tach.start();

    const failing = await until(tach, (s) => s.state === 'open' && s.setups[1]?.ok === true && (s.setups[0]?.failures ?? 0) >= 2);
    const [refused] = failing.setups;
    expect(refused).toMatchObject({ name: 'strict', state: 'failed', ok: false });
    expect(refused?.detail).toMatch(
      /^The broker refused QueueDeclare: PRECONDITION_FAILED - inequivalent arg 'durable' for queue '.*'.*; retrying in [\d.]+ s\.$/,
    );
    expect(failing.detail).toMatch(/^Connected to RabbitMQ .*\. Setup "strict" failed: The broker refused QueueDeclare: PRECONDITION_FAILED/);
    expect(failing.lastError).toMatch(/^Setup "strict": The broker refused QueueDeclare/);
    publish.sendToQueue(name, Buffer.from('still-flowing'));
    expect(await inbox.next()).toBe('still-flowing');

    // Once the conflict is gone, the retry succeeds on its own.
    await publish.deleteQueue(strict);
    const healed = await until(tach, (s) => s.setups.every((setup) => setup.ok));
    expect(healed.detail).toMatch(/^Connected to RabbitMQ [\d.]+ at 127\.0\.0\.1:\d+, vhost \/\.$/);
    expect(strictRuns).toBeGreaterThanOrEqual(3);
    expect(runs.count).toBe(1);
    expect([...states]).not.toContain('reconnecting');
  });

  it('sets a consumer up again when its channel dies later, without touching the connection', async () => {
    const name = queue('revived');
    const inbox = new Inbox();
    const runs: { count: number; channel?: Channel } = { count: 0 };
    const other = { count: 0 };
    const tach = session();
    const states = new Set<string>();
    tach.onStatus((status) => states.add(status.state));
    tach.addSetup('events', consumeInto(name, inbox, runs));
    tach.addSetup('other', consumeInto(queue('bystander'), new Inbox(), other));
    tach.start();
    await until(tach, (s) => s.state === 'open' && s.setups.every((setup) => setup.ok));

    // A 404 on the setup's own channel closes that channel only.
    await runs.channel?.checkQueue(unique('missing')).catch(() => {});
    await until(tach, (s) => runs.count === 2 && s.setups[0]?.ok === true);
    expect(other.count).toBe(1);
    expect([...states]).not.toContain('reconnecting');
    publish.sendToQueue(name, Buffer.from('revived'));
    expect(await inbox.next()).toBe('revived');
  });

  it('runs a setup added while open at once, and its remover cancels its consumer', async () => {
    const name = queue('late');
    const inbox = new Inbox();
    const runs = { count: 0 };
    const tach = session();
    tach.start();
    await until(tach, (s) => s.state === 'open');
    const remove = tach.addSetup('late', consumeInto(name, inbox, runs));
    await until(tach, (s) => s.setups[0]?.ok === true);
    publish.sendToQueue(name, Buffer.from('late-hello'));
    expect(await inbox.next()).toBe('late-hello');

    await remove();
    expect(tach.setups()).toEqual([]);
    const check = await publish.checkQueue(name);
    expect(check.consumerCount).toBe(0);
  });

  it('says so while the broker blocks publishers, and keeps consuming', async () => {
    const name = queue('alarm');
    const inbox = new Inbox();
    let model: ChannelModel | undefined;
    const tach = session();
    tach.addSetup('events', async (channel, connection) => {
      model = connection;
      await consumeInto(name, inbox, { count: 0 })(channel);
    });
    tach.start();
    await until(tach, (s) => s.state === 'open' && s.setups[0]?.ok === true);

    // What amqplib emits when RabbitMQ sends connection.blocked (a memory or disk alarm); raising a
    // real alarm would block every other test's publishers on this shared broker.
    model?.emit('blocked', 'low on memory');
    const blocked = await until(tach, (s) => s.blocked !== null);
    expect(blocked).toMatchObject({ state: 'open', blocked: 'low on memory' });
    expect(blocked.detail).toMatch(/^Connected to RabbitMQ .*\. The broker is blocking publishers \(low on memory\)/);
    publish.sendToQueue(name, Buffer.from('during-alarm'));
    expect(await inbox.next()).toBe('during-alarm');

    model?.emit('unblocked');
    const unblocked = await until(tach, (s) => s.blocked === null);
    expect(unblocked.detail).not.toMatch(/blocking/);
  });

  it('survives a consumer callback that throws: logged, and the next message still arrives', async () => {
    const name = queue('throwing');
    const log = recordingLogger();
    const seen: string[] = [];
    const tach = session({ log });
    tach.addSetup('events', async (channel) => {
      await channel.assertQueue(name, { durable: false });
      await channel.consume(
        name,
        (message) => {
          const text = message?.content.toString() ?? '';
          seen.push(text);
          if (text === 'poison') throw new Error('decoder bug');
        },
        { noAck: true },
      );
    });
    tach.start();
    await until(tach, (s) => s.state === 'open' && s.setups[0]?.ok === true);
    publish.sendToQueue(name, Buffer.from('poison'));
    publish.sendToQueue(name, Buffer.from('fine'));
    await expect.poll(() => seen, { timeout: 10_000 }).toEqual(['poison', 'fine']);
    expect(tach.status()).toMatchObject({ state: 'open', setups: [expect.objectContaining({ ok: true })] });
    await expect.poll(() => log.records.some((r) => r.level === 'error' && /consumer callback threw/.test(r.message))).toBe(true);
  });

  // The wait before the retry is ten minutes, far past the test's timeout: stop() must end it.
  it('stop() during the wait before a retry ends the wait, and stop() when open closes the connection and its consumer', async () => {
    const waiting = session({ url: `amqp://guest:nope@${host}/`, backoff: { initialMs: 600_000, maxMs: 600_000 } });
    waiting.start();
    await until(waiting, (s) => s.state === 'reconnecting' && /retrying in/.test(s.detail));
    await waiting.stop();
    expect(waiting.status().state).toBe('stopped');

    const open = session();
    const closing = queue('closing');
    open.addSetup('events', consumeInto(closing, new Inbox(), { count: 0 }));
    open.start();
    await until(open, (s) => s.state === 'open' && s.setups[0]?.ok === true);
    await brokerConnection(open.name);
    await Promise.all([open.stop(), open.stop()]);
    expect(open.status()).toMatchObject({ state: 'stopped', detail: 'Stopped.' });
    // The broker saw the connection go, and with it the consumer.
    await expect.poll(async () => (await (await management(rabbit, 'GET', 'connections')).json() as BrokerConnection[]).some((c) => c.client_properties?.connection_name === open.name), { timeout: 20_000 }).toBe(false);
    expect((await publish.checkQueue(closing)).consumerCount).toBe(0);
  });

  it('leaves nothing that keeps the process alive after stop()', async () => {
    // A child process is the honest check: it exits on its own only if no socket or timer is left.
    const moduleUrl = new URL('../../src/main/engine/kernel/amqp/amqp-session.ts', import.meta.url).href;
    const script = `
      const { AmqpSession } = await import(${JSON.stringify(moduleUrl)});
      const log = { debug() {}, info() {}, warn() {}, error() {}, child() { return log; }, async close() {} };
      const until = (session, test) => new Promise((resolve) => {
        if (test(session.status())) return resolve();
        const off = session.onStatus((status) => { if (test(status)) { off(); resolve(); } });
      });
      const tls = { caPath: null, verify: true };
      const open = new AmqpSession({ name: 'exit-check-open', url: process.env.AMQP_URL, tls, log });
      open.addSetup('q', async (channel) => {
        const { queue } = await channel.assertQueue('', { exclusive: true });
        await channel.consume(queue, () => {});
      });
      const waiting = new AmqpSession({ name: 'exit-check-wait', url: process.env.BAD_URL, tls, log, backoff: { initialMs: 60000 } });
      open.start();
      waiting.start();
      await until(open, (s) => s.state === 'open' && s.setups[0]?.ok);
      await until(waiting, (s) => s.state === 'reconnecting' && /retrying in/.test(s.detail));
      await Promise.all([open.stop(), waiting.stop()]);
      console.log('stopped');
      // No timer of the sessions may be left once stop() resolved (a grace period or a retry left
      // running would show here); their sockets may still be closing, and the exit waits for that.
      const timers = process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout');
      if (timers.length > 0) { console.log(JSON.stringify(process.getActiveResourcesInfo())); process.exit(3); }
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, AMQP_URL: rabbit.amqpUrl, BAD_URL: `amqp://guest:nope@${host}/` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearTimeout(guard);
    expect(output.trim(), errors).toBe('stopped');
    expect(code, errors).toBe(0);
  });
});
