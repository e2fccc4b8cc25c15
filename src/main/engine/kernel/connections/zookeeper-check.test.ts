import { afterEach, describe, expect, it } from 'vitest';
import { LocalTcpServers } from '../../../../../test/support/local-tcp-servers.ts';
import { checkZookeeper } from './zookeeper-check.ts';

describe('checkZookeeper', () => {
  const servers = new LocalTcpServers();
  const listen = servers.listen.bind(servers);

  afterEach(() => servers.closeAll());


  /** Answers `srvr` like ZooKeeper does, and otherwise says nothing: no session ever comes. */
  const srvrOnly = () =>
    listen((socket) => {
      socket.once('data', (chunk: Buffer) => {
        if (chunk.toString('utf8') === 'srvr') socket.end('Zookeeper version: 3.8.0-xyz, built on 2022-02-25 08:49 UTC\nMode: standalone\n');
      });
    });

  const closedPort = () => servers.closedPort();

  it('says no session was granted when the server answers srvr but never speaks the protocol', async () => {
    const port = await srvrOnly();
    await expect(checkZookeeper(`127.0.0.1:${port}`, 300)).rejects.toThrow(
      'The servers answered, but no ZooKeeper session was granted within 0.3 s.',
    );
  });

  // A timeout longer than the test's: refusals end the check, they are not waited out.
  it('reports every unreachable server when none answers, without waiting out the timeout', async () => {
    const [first, second] = [await closedPort(), await closedPort()];
    const error = await checkZookeeper(`127.0.0.1:${first},127.0.0.1:${second}/jobs`, 600_000).then(
      () => undefined,
      (problem: unknown) => problem as Error,
    );
    expect(error?.message).toContain(`Connection refused by 127.0.0.1:${first}`);
    expect(error?.message).toContain(`Connection refused by 127.0.0.1:${second}`);
  });

  it('reports a server that accepts but never answers srvr as no answer', async () => {
    const port = await listen(() => {});
    await expect(checkZookeeper(`127.0.0.1:${port}`, 300)).rejects.toThrow(`No answer from 127.0.0.1:${port} within 0.3 s`);
  });
});
