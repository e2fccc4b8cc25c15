import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const TOKEN_COOKIE = 'tach_token';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
export const isLoopback = (host: string): boolean => LOOPBACK.has(host) || host.startsWith('127.');

/**
 * With a token, every request must carry it: scripts as `Authorization: Bearer <token>`,
 * browsers through a cookie set when the page is first opened as `/?token=<token>` (the
 * token is then dropped from the address bar, so it does not linger in history or screenshots).
 */
export function installTokenAuth(server: FastifyInstance, token: string): void {
  const expected = Buffer.from(token);
  const matches = (candidate: string | undefined): boolean => {
    if (!candidate) return false;
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  server.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const url = new URL(request.url, 'http://tach');
    const fromQuery = url.searchParams.get('token') ?? undefined;
    if (request.method === 'GET' && url.pathname === '/' && matches(fromQuery)) {
      url.searchParams.delete('token');
      return reply
        .header('set-cookie', `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`)
        .redirect(`${url.pathname}${url.search}`);
    }
    const bearer = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (matches(bearer) || matches(cookie(request.headers.cookie, TOKEN_COOKIE))) return;

    reply.code(401);
    const error = { code: 'unauthorized', message: 'This Tach needs its access token: send "Authorization: Bearer <token>".' };
    // Each surface keeps its own error shape: the renderer's Result envelope, the REST API's {error}.
    if (url.pathname.startsWith('/rpc/')) return reply.send({ ok: false, error });
    if (url.pathname.startsWith('/api/') || url.pathname === '/events') return reply.send({ error });
    return reply
      .type('text/plain; charset=utf-8')
      .send('This Tach console needs its access token. Open it as /?token=<token>, with the token its operator set with --token.');
  });
}

function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}
