import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

// Matches the CSP of index.html; sent as a header too, so it also covers responses the meta tag cannot.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Serves the built renderer; says plainly when it has not been built. */
export async function registerStaticRenderer(server: FastifyInstance, rendererDir: string): Promise<void> {
  server.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      reply.header('content-security-policy', CSP);
      reply.header('cache-control', 'no-store');
    }
  });
  if (!existsSync(join(rendererDir, 'index.html'))) {
    server.get('/', async (_request, reply) =>
      reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send(`The console's pages are not built (${rendererDir} has no index.html). Run "npm run build", or start with "npm start".`),
    );
    return;
  }
  await server.register(fastifyStatic, { root: rendererDir, index: ['index.html'], wildcard: true });
}
