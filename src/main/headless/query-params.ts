import type { FastifyInstance } from 'fastify';
import { quoted, sendProblem } from './problem.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The query parameters a REST route takes; any other is refused. None declared: it takes none. */
    query?: readonly string[];
  }
}

/**
 * The REST API refuses a query parameter it does not know, as it refuses an unknown body field:
 * `?limti=5` silently ignored would hand a script 50 rows while it believes it asked for 5.
 * A parameter given twice is refused too, rather than one of the two being picked.
 * Canary's routes (/v1.0/…) are left as Canary has them: its clients may send what Tach ignores.
 */
export function installStrictQuery(server: FastifyInstance): void {
  server.addHook('preValidation', async (request, reply) => {
    // By the route matched, not the path: /api/nothing falls to the static files' wildcard, then 404s.
    if (request.is404 || !request.routeOptions.url?.startsWith('/api/')) return;
    const allowed = request.routeOptions.config.query ?? [];
    const query = (request.query ?? {}) as Record<string, unknown>;
    for (const [key, value] of Object.entries(query)) {
      if (!allowed.includes(key)) {
        const takes = allowed.length === 0 ? 'it takes none' : `it takes ${allowed.join(', ')}`;
        return sendProblem(request, reply, 400, {
          code: 'invalid_input',
          message: `Unknown query parameter ${quoted(key)} for ${request.method} ${request.routeOptions.url ?? ''}: ${takes}.`,
          field: key,
        });
      }
      if (Array.isArray(value)) {
        return sendProblem(request, reply, 400, { code: 'invalid_input', message: `The query parameter ${quoted(key)} is given more than once.`, field: key });
      }
    }
  });
}
