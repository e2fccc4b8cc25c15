import { createServer } from 'node:net';

// Ports handed out by this process. The OS may hand the same ephemeral port back once
// it has been closed, and several services are started back to back before any of them
// binds, so without this two of them could be given the same number.
const handedOut = new Set<number>();

function probe(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('could not read the probed port'))));
    });
  });
}

/**
 * A loopback TCP port that was free a moment ago. There is an unavoidable window between
 * closing the probe and the real service binding it; callers should start promptly.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await probe();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error('freePort: no unused loopback port after 50 attempts');
}
