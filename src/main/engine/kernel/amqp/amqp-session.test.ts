import { afterEach, describe, expect, it, vi } from 'vitest';
import { LocalTcpServers } from '../../../../../test/support/local-tcp-servers.ts';
import type { LogFields, Logger } from '../logging/logger.ts';
import { AmqpSession, type AmqpSessionOptions } from './amqp-session.ts';
import type { AmqpSessionStatus } from './session-status.ts';

// The session against peers that are not a broker: nothing listening, a peer that never speaks,
// an invalid URL. The real broker's side is in test/integration/amqp-session.test.ts.

const PASSWORD = 'Sess10n-Secret';

interface LogRecord {
  level: string;
  message: string;
  fields: LogFields | undefined;
}

function recordingLogger(records: LogRecord[] = []): Logger & { records: LogRecord[] } {
  const at = (level: string) => (message: string, fields?: LogFields) => records.push({ level, message, fields });
  const logger = {
    records,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
    close: async () => {},
  };
  return logger;
}

function until(session: AmqpSession, test: (status: AmqpSessionStatus) => boolean, ms = 5000): Promise<AmqpSessionStatus> {
  return new Promise((resolve, reject) => {
    if (test(session.status())) return resolve(session.status());
    const timer = setTimeout(() => {
      off();
      reject(new Error(`status never matched; last: ${JSON.stringify(session.status())}`));
    }, ms);
    const off = session.onStatus((status) => {
      if (!test(status)) return;
      clearTimeout(timer);
      off();
      resolve(status);
    });
  });
}

describe('AmqpSession without a broker', () => {
  const servers = new LocalTcpServers();
  const sessions: AmqpSession[] = [];
  const session = (options: Partial<AmqpSessionOptions> & { url: string }) => {
    const created = new AmqpSession({ name: 'unit', tls: { caPath: null, verify: true }, log: recordingLogger(), ...options });
    sessions.push(created);
    return created;
  };

  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.stop()));
    await servers.closeAll();
  });

  it('does nothing until started, and stop() before start() just says stopped', async () => {
    const port = await servers.closedPort();
    const idle = session({ url: `amqp://u:${PASSWORD}@127.0.0.1:${port}/` });
    expect(idle.status()).toMatchObject({ state: 'idle', attempt: 0, lastError: null, setups: [] });
    await idle.stop();
    await idle.stop();
    expect(idle.status().state).toBe('stopped');
  });

  it('keeps retrying a refused port with growing attempts, saying why, and stops', async () => {
    const port = await servers.closedPort();
    const log = recordingLogger();
    const refused = session({ url: `amqp://u:${PASSWORD}@127.0.0.1:${port}/`, log, backoff: { initialMs: 20, maxMs: 50 } });
    const seen: AmqpSessionStatus[] = [];
    refused.onStatus((status) => seen.push(status));
    refused.start();
    refused.start();
    const status = await until(refused, (s) => s.state === 'reconnecting' && s.attempt >= 4 && /retrying in/.test(s.detail));
    expect(status.detail).toMatch(new RegExp(`^Connection refused by 127\\.0\\.0\\.1:${port}: .*; retrying in \\d+(\\.\\d)? s\\.$`));
    expect(status.lastError).toMatch(/^Connection refused by/);
    expect(seen[0]).toMatchObject({ state: 'connecting', attempt: 1, detail: `Connecting to 127.0.0.1:${port}, vhost /.` });
    // The same refusal over and over is one warning; the repeats go to debug.
    expect(log.records.filter((r) => r.level === 'warn')).toHaveLength(1);
    expect(JSON.stringify(log.records)).not.toContain(PASSWORD);
    expect(JSON.stringify(seen)).not.toContain(PASSWORD);

    await refused.stop();
    expect(refused.status().state).toBe('stopped');
  });

  // Timers are faked, so nothing here can be waited out: stop() must end the wait between
  // attempts by itself, and a retry left scheduled would show as a pending timer.
  it('stop() during the wait before a retry ends the wait and leaves no retry scheduled', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    try {
      const port = await servers.closedPort();
      const refused = session({ url: `amqp://u:${PASSWORD}@127.0.0.1:${port}/`, backoff: { initialMs: 600_000, maxMs: 600_000 } });
      const seen: AmqpSessionStatus[] = [];
      refused.onStatus((status) => seen.push(status));
      refused.start();
      await until(refused, (s) => s.state === 'reconnecting' && /retrying in/.test(s.detail));
      await refused.stop();
      expect(refused.status().state).toBe('stopped');
      expect(vi.getTimerCount()).toBe(0);
      const count = seen.length;
      await vi.runAllTimersAsync();
      expect(seen.length).toBe(count);
      expect(seen.filter((s) => s.state === 'connecting')).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('logs a listener that throws and keeps telling the others', async () => {
    const port = await servers.closedPort();
    const log = recordingLogger();
    const noisy = session({ url: `amqp://127.0.0.1:${port}/`, log, backoff: { initialMs: 20, maxMs: 20 } });
    noisy.onStatus(() => {
      throw new Error('listener bug');
    });
    const heard: string[] = [];
    const unsubscribe = noisy.onStatus((status) => heard.push(status.state));
    noisy.start();
    await until(noisy, (s) => s.attempt >= 2);
    expect(heard).toContain('reconnecting');
    expect(log.records.some((r) => r.level === 'error' && /listener threw/.test(r.message))).toBe(true);
    unsubscribe();
    const count = heard.length;
    await until(noisy, (s) => s.attempt >= 4);
    expect(heard.length).toBe(count);
  });

  it('gives up an attempt on a peer that never answers after the connect timeout', async () => {
    const port = await servers.listen(() => {});
    const silent = session({ url: `amqp://127.0.0.1:${port}/`, connectTimeoutMs: 300, backoff: { initialMs: 5000 } });
    silent.start();
    const status = await until(silent, (s) => s.state === 'reconnecting' && /retrying in/.test(s.detail));
    expect(status.detail).toMatch(
      new RegExp(`^No answer from 127\\.0\\.0\\.1:${port} within 0\\.3 s \\(a firewall, a wrong host, or an overloaded server\\)\\.?; retrying in `),
    );
  });

  // Timers are faked once the peer has the socket: stop() can wait out neither the connect
  // timeout nor a grace period, so it resolves only if it cuts the attempt itself.
  it('stop() during a connection attempt ends it without waiting on any timer and closes the socket', async () => {
    let accepted!: () => void;
    const connected = new Promise<void>((resolve) => (accepted = resolve));
    let closedByClient: Promise<void> | undefined;
    const port = await servers.listen((socket) => {
      closedByClient = new Promise((resolve) => socket.on('close', () => resolve()));
      socket.resume(); // read to the end, so the client's close reaches us
      accepted();
    });
    const hanging = session({ url: `amqp://127.0.0.1:${port}/`, connectTimeoutMs: 600_000 });
    hanging.start();
    await until(hanging, (s) => s.state === 'connecting');
    await connected;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    try {
      await hanging.stop();
    } finally {
      vi.useRealTimers();
    }
    expect(closedByClient).toBeDefined();
    await closedByClient;
    expect(hanging.status().state).toBe('stopped');
  });

  it('reports an invalid URL without throwing from the constructor or start()', async () => {
    const broken = session({ url: 'not a url', backoff: { initialMs: 5000 } });
    broken.start();
    const status = await until(broken, (s) => s.state === 'reconnecting' && /retrying in/.test(s.detail));
    expect(status.detail).toMatch(/^The broker URL is not a valid URL/);
  });

  it('says a CA file it cannot read, without connecting', async () => {
    let connections = 0;
    const port = await servers.listen(() => connections++);
    const missing = '/nonexistent/tach-ca.pem';
    const tls = session({ url: `amqps://u:${PASSWORD}@127.0.0.1:${port}/`, tls: { caPath: missing, verify: true }, backoff: { initialMs: 5000 } });
    tls.start();
    const status = await until(tls, (s) => s.state === 'reconnecting' && /retrying in/.test(s.detail));
    expect(status.detail).toMatch(/^Cannot read the CA file \/nonexistent\/tach-ca\.pem: .*; retrying in/);
    expect(connections).toBe(0);
  });

  it('can be started again after stop()', async () => {
    const port = await servers.closedPort();
    const again = session({ url: `amqp://127.0.0.1:${port}/`, backoff: { initialMs: 5000 } });
    again.start();
    await until(again, (s) => s.state === 'reconnecting' && /retrying in/.test(s.detail));
    const stopping = again.stop();
    again.start();
    await stopping;
    await until(again, (s) => s.state === 'reconnecting' && /retrying in/.test(s.detail) && s.attempt === 1);
  });

  it('refuses two setups with one name', () => {
    const named = session({ url: 'amqp://127.0.0.1:1/' });
    named.addSetup('events', async () => {});
    expect(() => named.addSetup('events', async () => {})).toThrow(/already has a setup named "events"/);
    expect(named.setups()).toMatchObject([{ name: 'events', state: 'waiting', ok: false }]);
  });
});
