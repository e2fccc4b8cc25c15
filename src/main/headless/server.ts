import websocket from '@fastify/websocket';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { Engine } from '../engine/engine.ts';
import type { Logger } from '../engine/kernel/logging/logger.ts';
import { installTokenAuth } from './auth.ts';
import { registerCanaryRoutes } from './canary-routes.ts';
import { registerDeclaredRoutes } from './declared-routes.ts';
import { registerMetricsRoute } from './metrics-route.ts';
import { installOriginGuard } from './origin-guard.ts';
import { registerEventsSocket } from './events-socket.ts';
import { sendProblem } from './problem.ts';
import { installStrictQuery } from './query-params.ts';
import { badTarget, describeRequestError } from './request-errors.ts';
import { requestTarget } from './request-target.ts';
import { registerRpcRoutes } from './rpc-routes.ts';
import { registerStaticRenderer } from './static-renderer.ts';

export interface ServerOptions {
  engine: Engine;
  log: Logger;
  rendererDir: string;
  token: string | undefined;
  /** Largest request body accepted, in bytes. */
  bodyLimit?: number;
}

/** The headless door: the built renderer, the contract over http + WebSocket, and the REST API. */
export async function createServer(options: ServerOptions): Promise<FastifyInstance> {
  const { engine, log } = options;
  const bodyLimit = options.bodyLimit ?? 1024 * 1024;
  const server = Fastify({
    logger: false,
    bodyLimit,
    return503OnClosing: true,
    // A path fastify cannot decode (a bad %-escape) is refused before any hook runs: in our shape, not fastify's.
    frameworkErrors: (error, request, reply) => {
      const { status, error: problem } = describeRequestError(error, request, bodyLimit);
      void sendProblem(request, reply, status, problem);
    },
  });

  server.addHook('onResponse', async (request, reply) => {
    // The path only: a query string may carry the token.
    log.debug('http', { method: request.method, path: requestTarget(request.url).pathname, status: reply.statusCode, ms: Math.round(reply.elapsedTime) });
  });
  server.addHook('onRequest', async (request, reply) => {
    const problem = badTarget(request.url);
    if (problem) return sendProblem(request, reply, 400, problem);
  });
  // The origin check comes before the token: a foreign page holding the cookie is still refused.
  installOriginGuard(server, { loopbackHostOnly: !options.token });
  if (options.token) installTokenAuth(server, options.token);
  installStrictQuery(server);

  // Scripts often send "Content-Type: application/json" on every request, bodiless POSTs too:
  // an empty body is "no input", not an error.
  server.removeContentTypeParser('application/json');
  // Decoded strictly: invalid UTF-8 is refused, not silently turned into U+FFFD.
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  server.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body as Buffer);
    } catch {
      return done(Object.assign(new Error('invalid UTF-8'), { statusCode: 400, code: 'TACH_INVALID_UTF8' }), undefined);
    }
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(Object.assign(new Error((error as Error).message), { statusCode: 400, code: 'TACH_INVALID_JSON' }), undefined);
    }
  });

  // Malformed JSON, a wrong content type, an oversized body, a refused static path: a sentence
  // that says which, never a stack trace.
  server.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status < 500) {
      const { error: problem } = describeRequestError(error, request, bodyLimit);
      return sendProblem(request, reply, status, problem);
    }
    log.error('http request failed', { method: request.method, path: requestTarget(request.url).pathname, err: error });
    return sendProblem(request, reply, 500, { code: 'internal', message: 'Tach hit an unexpected error; the details are in its log.' });
  });

  server.setNotFoundHandler((request, reply) => {
    const path = requestTarget(request.url).pathname;
    if (path.startsWith('/api/') || path.startsWith('/rpc/')) {
      return sendProblem(request, reply, 404, { code: 'not_found', message: `There is no ${request.method} ${path}.` });
    }
    return reply.code(404).type('text/plain; charset=utf-8').send('Not found.');
  });

  await server.register(websocket, { options: { maxPayload: 64 * 1024 } });
  registerEventsSocket(server, engine, log.child({ component: 'events-socket' }));
  registerRpcRoutes(server, engine);
  registerDeclaredRoutes(server, engine);
  registerMetricsRoute(server, engine);
  registerCanaryRoutes(server, engine);
  await registerStaticRenderer(server, options.rendererDir);
  return server;
}
