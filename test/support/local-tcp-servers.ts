import { createServer, type Server, type Socket } from 'node:net';
import { refusedPort } from './refused-port.ts';

/** Throwaway TCP servers on loopback that play a misbehaving peer; `closeAll` in afterEach. */
export class LocalTcpServers {
  readonly #servers: { server: Server; sockets: Set<Socket> }[] = [];

  /** Listens on a free loopback port and hands every accepted socket to `onSocket`. */
  async listen(onSocket: (socket: Socket) => void): Promise<number> {
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
      onSocket(socket);
    });
    this.#servers.push({ server, sockets });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  /** A port where connecting is refused (see refused-port.ts for why not a just-freed one). */
  closedPort(): Promise<number> {
    return refusedPort();
  }

  async closeAll(): Promise<void> {
    for (const entry of this.#servers.splice(0)) await this.#close(entry);
  }

  async #close(entry: { server: Server; sockets: Set<Socket> } | undefined): Promise<void> {
    if (!entry) return;
    for (const socket of entry.sockets) socket.destroy();
    await new Promise<void>((resolve) => entry.server.close(() => resolve()));
  }
}
