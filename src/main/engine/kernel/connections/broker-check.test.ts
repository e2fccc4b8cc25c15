import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalTcpServers } from '../../../../../test/support/local-tcp-servers.ts';
import { checkBroker, type BrokerCheckTarget } from './broker-check.ts';

const PASSWORD = 'Br0ker-Secret-9';
const NO_TLS: BrokerCheckTarget['tls'] = { caPath: null, verify: true };

/** One sentence for a person: no "Error:" prefix, no stack, no password. */
function expectHumanSentence(message: string): void {
  expect(message).not.toMatch(/^\w*Error:/);
  expect(message).not.toMatch(/\n\s+at /);
  expect(message).not.toContain(PASSWORD);
  expect(message).toMatch(/[.)]$/);
}

describe('checkBroker', () => {
  const servers = new LocalTcpServers();
  const listen = servers.listen.bind(servers);
  const dirs: string[] = [];

  afterEach(async () => {
    await servers.closeAll();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });


  const failure = async (url: string, timeoutMs: number, tls: BrokerCheckTarget['tls'] = NO_TLS): Promise<Error> => {
    try {
      await checkBroker({ url, tls }, timeoutMs);
    } catch (error) {
      return error as Error;
    }
    throw new Error('the check passed');
  };

  it('says a port that accepts and hangs up is not AMQP (a handshake sentence, not a stack)', async () => {
    const port = await listen((socket) => socket.destroy());
    const error = await failure(`amqp://celery:${PASSWORD}@127.0.0.1:${port}/`, 2000);
    expect(error.message).toBe(
      `127.0.0.1:${port} closed the connection during the AMQP handshake: not an AMQP port, or the broker refused the login.`,
    );
    expectHumanSentence(error.message);
  });

  it('says a port that accepts and never speaks gave no answer, within the timeout', async () => {
    const port = await listen(() => {});
    const error = await failure(`amqp://celery:${PASSWORD}@127.0.0.1:${port}/`, 300);
    expect(error.message).toBe(`No answer from 127.0.0.1:${port} within 0.3 s (a firewall, a wrong host, or an overloaded server).`);
    expectHumanSentence(error.message);
  });

  // A timeout longer than the test's: the refusal ends the check, it is not waited out.
  it('says a closed port refused the connection', async () => {
    const port = await servers.closedPort();
    const error = await failure(`amqp://celery:${PASSWORD}@127.0.0.1:${port}/`, 600_000);
    expect(error.message).toMatch(new RegExp(`^Connection refused by 127\\.0\\.0\\.1:${port}`));
    expectHumanSentence(error.message);
  });

  it('says a CA file it cannot read, before connecting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tach-ca-'));
    dirs.push(dir);
    const missing = join(dir, 'missing-ca.pem');
    let connections = 0;
    const port = await listen(() => connections++);
    const error = await failure(`amqps://celery:${PASSWORD}@127.0.0.1:${port}/`, 1000, { caPath: missing, verify: true });
    expect(error.message).toMatch(new RegExp(`^Cannot read the CA file ${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
    expect(error.message).not.toContain(PASSWORD);
    expect(connections).toBe(0);
  });

  it('keeps the underlying error as the cause for the log', async () => {
    const port = await listen((socket) => socket.destroy());
    const error = await failure(`amqp://celery:${PASSWORD}@127.0.0.1:${port}/`, 2000);
    expect(error.cause).toBeInstanceOf(Error);
  });
});
