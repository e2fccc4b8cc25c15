import { describe, expect, it, vi } from 'vitest';
import type { Logger } from '../logging/logger.ts';
import { refusedPort } from '../../../../../test/support/refused-port.ts';
import { testConnections } from './connection-tester.ts';

const PASSWORD = 'Tst-Secret-41';
const NOW = new Date('2024-05-06T07:08:09.000Z');

function spyLogger(): Logger & { info: ReturnType<typeof vi.fn> } {
  const log = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn(), child: () => log, close: async () => {} };
  return log;
}

const closedPort = refusedPort;

describe('testConnections', () => {
  // The checks' timeout is longer than the test's: a refusal must be reported as one, not waited out.
  it('reports refused broker, management and ZooKeeper as refused, without waiting out the timeout, and without the password', async () => {
    const [brokerPort, managementPort, zkPort] = [await closedPort(), await closedPort(), await closedPort()];
    const log = spyLogger();

    const checks = await testConnections(
      {
        broker: { url: `amqp://celery:${PASSWORD}@127.0.0.1:${brokerPort}/`, tls: { caPath: null, verify: true } },
        management: { url: `http://127.0.0.1:${managementPort}/`, user: 'celery', password: PASSWORD },
        zookeeper: `127.0.0.1:${zkPort}`,
      },
      () => NOW,
      log,
      600_000,
    );

    expect(Object.keys(checks).sort()).toEqual(['broker', 'management', 'zookeeper']);
    for (const [kind, check] of Object.entries(checks)) {
      expect(check.ok, kind).toBe(false);
      expect(check.detail, kind).toMatch(/refused/i);
      expect(check.detail, kind).not.toContain(PASSWORD);
      expect(check.checkedAt).toBe(NOW.toISOString());
      expect(Number.isInteger(check.elapsedMs) && check.elapsedMs >= 0, kind).toBe(true);
    }
    expect(checks.broker?.detail).toContain(`127.0.0.1:${brokerPort}`);
    expect(checks.management?.detail).toContain(`127.0.0.1:${managementPort}`);
    expect(checks.zookeeper?.detail).toContain(`127.0.0.1:${zkPort}`);
    expect(log.info).toHaveBeenCalledTimes(3);
    expect(JSON.stringify(log.info.mock.calls)).not.toContain(PASSWORD);
  });

  it('reports a secret that cannot be opened as the failed check, without connecting', async () => {
    const checks = await testConnections(
      { broker: { problem: 'The stored password cannot be decrypted.' }, management: { problem: 'Enter it again.' } },
      () => NOW,
      spyLogger(),
    );
    expect(checks.broker).toMatchObject({ ok: false, detail: 'The stored password cannot be decrypted.' });
    expect(checks.management).toMatchObject({ ok: false, detail: 'Enter it again.' });
    expect(checks.zookeeper).toBeUndefined();
  });

  it('checks nothing when nothing is configured', async () => {
    const log = spyLogger();
    expect(await testConnections({}, () => NOW, log)).toEqual({});
    expect(log.info).not.toHaveBeenCalled();
  });
});
