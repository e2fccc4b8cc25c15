import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import type { Engine } from '../engine/engine.ts';
import type { Logger } from '../engine/kernel/logging/logger.ts';

const PING_EVERY_MS = 20_000;
/** A client this far behind is dropped; it reconnects and refetches (initial state by request). */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/** GET /events: one WebSocket per window, carrying every engine event as {event, payload}. */
export function registerEventsSocket(server: FastifyInstance, engine: Engine, log: Logger): void {
  server.get('/events', { websocket: true }, (socket: WebSocket) => {
    let alive = true;
    let pinger: NodeJS.Timeout | undefined;
    const unsubscribe = engine.subscribe((event, payload) => {
      if (socket.readyState !== socket.OPEN) return;
      if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
        log.warn('dropping a slow events client', { bufferedBytes: socket.bufferedAmount });
        socket.terminate();
        return;
      }
      socket.send(JSON.stringify({ event, payload }));
    });
    // Chained timeouts, not an interval: a half-open connection (laptop asleep) is found and closed.
    const ping = () => {
      if (!alive) return socket.terminate();
      alive = false;
      socket.ping();
      pinger = setTimeout(ping, PING_EVERY_MS);
    };
    pinger = setTimeout(ping, PING_EVERY_MS);
    socket.on('pong', () => {
      alive = true;
    });
    socket.on('close', () => {
      clearTimeout(pinger);
      unsubscribe();
    });
    socket.on('error', (error) => log.debug('events socket error', { err: error }));
  });
}
