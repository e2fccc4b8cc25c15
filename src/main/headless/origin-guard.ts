import type { FastifyInstance } from 'fastify';
import { isLoopback } from './auth.ts';

/**
 * Without a token, a loopback console trusts whoever can reach it, which includes web pages in
 * the operator's own browser. Two checks keep those out:
 * - the Host header must be a loopback name, which defeats DNS rebinding (evil.example
 *   resolving to 127.0.0.1 still sends "Host: evil.example");
 * - a request that names an Origin (browsers always do for WebSocket and cross-site fetches)
 *   must come from this very console.
 */
export function installOriginGuard(server: FastifyInstance): void {
  server.addHook('onRequest', async (request, reply) => {
    const host = request.headers.host ?? '';
    const hostname = hostnameOf(host);
    if (!isLoopback(hostname)) {
      return reply.code(403).send({
        error: { code: 'unauthorized', message: `Requests must address this console as localhost or 127.0.0.1, not "${host}".` },
      });
    }
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== 'null') {
      if (!isSameOrigin(origin, host)) {
        return reply.code(403).send({ error: { code: 'unauthorized', message: `Requests from ${origin} are not accepted.` } });
      }
    }
  });
}

function isSameOrigin(origin: string, host: string): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

function hostnameOf(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  return host.split(':')[0] ?? '';
}
