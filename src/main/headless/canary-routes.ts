import type { FastifyInstance } from 'fastify';
import { CANARY_ROUTES } from '../../shared/contract/channels.ts';
import { restInput } from '../../shared/contract/rest-input.ts';
import type { Engine } from '../engine/engine.ts';
import { STATUS_OF } from './error-status.ts';

/**
 * Canary's (mkmad/canary) GET /v1.0/jobs and GET /v1.0/conductor, by hand: not Tach's API, so
 * Canary's refusal word for word, and any other query parameter a Canary client sends is let be.
 * The parameters still come from the routes' declarations beside the job board channels.
 */
export function registerCanaryRoutes(server: FastifyInstance, engine: Engine): void {
  for (const route of CANARY_ROUTES) {
    server.route<{ Querystring: Record<string, unknown> }>({
      method: route.method,
      url: route.path,
      handler: async (request, reply) => {
        // Canary's own refusal (falcon.HTTPBadRequest), with Tach's error beside it.
        if (route.channel === 'canary.jobs' && !request.query.path) {
          return reply.code(400).send({ title: 'Specify a valid `path` querystring', error: { code: 'invalid_input', message: 'Specify a valid `path` querystring', field: 'path' } });
        }
        const built = restInput(route, { params: {}, query: request.query, body: undefined });
        const result = await engine.dispatch(route.channel, built.ok ? built.input : undefined);
        if (!result.ok) return reply.code(STATUS_OF[result.error.code]).send({ error: result.error });
        return reply.send(result.value);
      },
    });
  }
}
