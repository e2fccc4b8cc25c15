import { connect } from 'node:net';

// A loopback port where a connection is refused, for tests of "nothing is listening there".
// Not an ephemeral port that was free a moment ago: every server the tests and the harness start
// (RabbitMQ, ZooKeeper, fake peers) picks from the ephemeral range at the same time, and one once
// took such a port between the check and the test (CI saw "Authentication failed" instead of
// "refused"). Privileged ports can only be bound by root and none of ours ever are, so a
// privileged port found refused stays refused. Each call hands out another one.

const handedOut = new Set<number>();
// From 700: below it, many ports are on the Fetch standard's "bad ports" list, which fetch refuses
// without connecting (the management check would report that instead of a refusal).
const FIRST = 700;
const LAST = 1023;
const FETCH_BAD_PORTS = new Set([989, 990, 993, 995]);

export async function refusedPort(): Promise<number> {
  for (let port = FIRST; port <= LAST; port += 1) {
    if (handedOut.has(port) || FETCH_BAD_PORTS.has(port)) continue;
    handedOut.add(port);
    if (await isRefused(port)) return port;
  }
  throw new Error('no refused privileged port on 127.0.0.1 (every port below 1024 answers?)');
}

function isRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}
