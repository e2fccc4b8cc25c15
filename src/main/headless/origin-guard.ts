import type { FastifyInstance } from 'fastify';
import { isLoopbackName, parseHostHeader } from './host-header.ts';
import { quoted, sendProblem } from './problem.ts';

export interface OriginGuardOptions {
  /**
   * Without a token the console trusts whoever reaches it, so it must also know it was reached
   * as itself: the Host must be a loopback name with the console's own port. With a token,
   * holding the token is the proof, and the console may be addressed by any name (a LAN address,
   * a proxy's name).
   */
  loopbackHostOnly: boolean;
}

/**
 * Keeps web pages in the operator's own browser out of the console:
 * - without a token, the Host header must be 127.x.y.z, localhost or [::1] with the port the
 *   console listens on. That defeats DNS rebinding: a page on evil.example (or on
 *   127.0.0.1.evil.example) whose name is rebound to 127.0.0.1 still sends its own name as Host;
 * - in both modes, a request that names an Origin (browsers always do for WebSockets, and for
 *   cross-origin or non-GET fetches) must come from this very console: the scheme and the Host
 *   it was addressed by. `Origin: null` (a sandboxed frame, a data: or file: page) is never the
 *   console. A token cookie alone is not enough: SameSite=Strict still lets pages on other local
 *   ports send it, since they count as the same site.
 * Requests without an Origin (curl, scripts) are not from a web page and are let through.
 */
export function installOriginGuard(server: FastifyInstance, options: OriginGuardOptions): void {
  // Kept from the moment the server listens; requests injected in-process (tests) have no port to compare.
  let listeningPort: number | undefined;
  server.server.on('listening', () => {
    const address = server.server.address();
    if (address !== null && typeof address === 'object') listeningPort = address.port;
  });

  server.addHook('onRequest', async (request, reply) => {
    const hostHeader = request.headers.host ?? '';
    const host = parseHostHeader(hostHeader);
    if (options.loopbackHostOnly) {
      const loopback = host !== undefined && isLoopbackName(host.hostname);
      if (!loopback || (listeningPort !== undefined && host.port !== listeningPort)) {
        const port = listeningPort ?? 'its port';
        return sendProblem(request, reply, 403, {
          code: 'forbidden',
          message: `Requests must address this console as 127.0.0.1:${port}, localhost:${port} or [::1]:${port}, not as ${quoted(hostHeader)}.`,
        });
      }
    }
    const origin = request.headers.origin;
    if (origin === undefined) return;
    if (origin === 'null') {
      return sendProblem(request, reply, 403, {
        code: 'forbidden',
        message: 'Requests from an opaque origin ("Origin: null": a sandboxed frame, a data: or file: page) are not accepted.',
      });
    }
    if (host === undefined || !isOwnOrigin(origin, hostHeader)) {
      return sendProblem(request, reply, 403, {
        code: 'forbidden',
        message: `Requests from ${quoted(origin)} are not accepted: only this console's own pages may call it.`,
      });
    }
  });
}

/** The Origin names the same host and port the request was addressed to (http, or https behind a proxy). */
function isOwnOrigin(origin: string, host: string): boolean {
  try {
    const from = new URL(origin);
    const own = new URL(`http://${host}`);
    // An Origin is a bare scheme://host[:port]; anything else is not one a browser sent.
    if (from.origin !== origin || (from.protocol !== 'http:' && from.protocol !== 'https:')) return false;
    return from.host === own.host;
  } catch {
    return false;
  }
}
