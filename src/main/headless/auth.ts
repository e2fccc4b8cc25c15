import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from './problem.ts';
import { requestTarget } from './request-target.ts';

export const TOKEN_COOKIE = 'tach_token';

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
    const { pathname, query } = requestTarget(request.url);
    if (request.method === 'GET' && pathname === '/' && matches(query.get('token') ?? undefined)) {
      query.delete('token');
      const rest = query.toString();
      return reply
        .header('set-cookie', `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`)
        .redirect(rest === '' ? '/' : `/?${rest}`);
    }
    const bearer = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (matches(bearer) || matches(cookie(request.headers.cookie, TOKEN_COOKIE))) return;

    // Each surface keeps its own error shape: the renderer's Result envelope, the REST API's {error};
    // a page gets a sentence a person can read.
    if (pathname.startsWith('/rpc/') || pathname.startsWith('/api/') || pathname === '/events') {
      return sendProblem(request, reply, 401, { code: 'unauthorized', message: 'This Tach needs its access token: send "Authorization: Bearer <token>".' });
    }
    return reply
      .code(401)
      .type('text/plain; charset=utf-8')
      .send('This Tach console needs its access token. Open it as /?token=<token>, with the token its operator set with --token.');
  });
}

function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(value.join('='));
    } catch {
      return undefined; // a malformed %-escape is no token, not a server error
    }
  }
  return undefined;
}
