import zookeeper from 'node-zookeeper-client';
import { parseEnsemble } from '../zookeeper/ensemble.ts';
import { fourLetterWord } from '../zookeeper/four-letter-word.ts';
import { describeNetworkError, errorMessage } from './network-error.ts';

/**
 * Probes every server of the ensemble directly (so a refusal or timeout is reported per host;
 * the client library itself only ever says "disconnected"), then opens a real session and
 * checks the chroot exists.
 */
export async function checkZookeeper(hosts: string, timeoutMs: number): Promise<string> {
  const ensemble = parseEnsemble(hosts);
  const probes = await Promise.all(
    ensemble.servers.map(async ({ host, port }) => {
      const where = `${host}:${port}`;
      try {
        return { where, ok: true as const, version: versionFrom(await fourLetterWord(host, port, 'srvr', timeoutMs)) };
      } catch (error) {
        return { where, ok: false as const, problem: describeNetworkError(error, where, timeoutMs) };
      }
    }),
  );
  const reachable = probes.filter((probe) => probe.ok);
  if (reachable.length === 0) {
    throw new Error(probes.map((probe) => (probe.ok ? '' : probe.problem)).join(' '));
  }
  await openSession(hosts, ensemble.chroot, timeoutMs);
  const version = reachable.find((probe) => probe.version)?.version;
  const down = probes.filter((probe) => !probe.ok).map((probe) => probe.where);
  return [
    `ZooKeeper${version ? ` ${version}` : ''}: session opened`,
    ensemble.servers.length > 1 ? `, ${reachable.length} of ${ensemble.servers.length} servers reachable` : '',
    down.length > 0 ? ` (down: ${down.join(', ')})` : '',
    ensemble.chroot ? `, chroot ${ensemble.chroot}` : '',
    version ? '.' : ' (version hidden: add srvr to 4lw.commands.whitelist).',
  ].join('');
}

function versionFrom(srvr: string): string | undefined {
  return /Zookeeper version: ([^\s,-]+)/i.exec(srvr)?.[1];
}

function openSession(hosts: string, chroot: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const client = zookeeper.createClient(hosts, { sessionTimeout: Math.max(timeoutMs, 4000), spinDelay: 200, retries: 0 });
    const finish = (error?: Error) => {
      clearTimeout(timer);
      client.close();
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(
      () => finish(new Error(`The servers answered, but no ZooKeeper session was granted within ${timeoutMs / 1000} s.`)),
      timeoutMs,
    );
    client.once('authenticationFailed', () => finish(new Error('ZooKeeper refused the session: authentication failed.')));
    client.once('connected', () => {
      if (!chroot) return finish();
      // With a chroot in the connection string, "/" is the chroot itself.
      client.exists('/', (error, stat) => {
        if (error) finish(new Error(`Session opened, but checking the chroot failed: ${errorMessage(error)}`));
        else if (!stat) finish(new Error(`Session opened, but the chroot ${chroot} does not exist.`));
        else finish();
      });
    });
    client.connect();
  });
}
