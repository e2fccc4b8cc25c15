import type { FastifyInstance, FastifyReply } from 'fastify';
import type { RequestChannel } from '../../shared/contract/channels.ts';
import type { Result } from '../../shared/contract/result.ts';
import type { Engine } from '../engine/engine.ts';
import { STATUS_OF } from './error-status.ts';

type Query = Record<string, string | undefined>;
type Params = { id: string };

const toId = (raw: string): number | string => (/^\d+$/.test(raw) ? Number(raw) : raw);
const present = (query: Query, keys: readonly string[]) =>
  Object.fromEntries(keys.filter((key) => query[key] !== undefined && query[key] !== '').map((key) => [key, query[key]]));

/**
 * Job boards over REST: Tach's own routes under /api/v1/deployments/:id/jobboards, and Canary's
 * (mkmad/canary) GET /v1.0/jobs and GET /v1.0/conductor, same paths, parameters and bodies, so a
 * Canary client or dashboard works against Tach unchanged.
 */
export function registerJobboardRoutes(server: FastifyInstance, engine: Engine): void {
  const answer = async (reply: FastifyReply, channel: RequestChannel, input: unknown) => {
    const result = (await engine.dispatch(channel, input)) as Result<unknown>;
    if (!result.ok) return reply.code(STATUS_OF[result.error.code]).send({ error: result.error });
    return reply.send(result.value);
  };
  const deployment = (params: Params) => ({ deploymentId: toId(params.id) });
  const limit = (query: Query) => (query.limit && /^\d+$/.test(query.limit) ? { limit: Number(query.limit) } : query.limit ? { limit: query.limit } : {});

  server.get<{ Params: Params }>('/api/v1/deployments/:id/jobboards', (request, reply) => answer(reply, 'jobboards.overview', deployment(request.params)));
  server.get<{ Params: Params; Querystring: Query }>('/api/v1/deployments/:id/jobboards/jobs', { config: { query: ['path', 'state', 'owner', 'name', 'at'] } }, (request, reply) =>
    answer(reply, 'jobboards.jobs', { ...deployment(request.params), path: request.query.path, ...present(request.query, ['state', 'owner', 'name', 'at']) }),
  );
  server.get<{ Params: Params & { node: string }; Querystring: Query }>('/api/v1/deployments/:id/jobboards/jobs/:node', { config: { query: ['path'] } }, (request, reply) =>
    answer(reply, 'jobboards.job', { ...deployment(request.params), path: request.query.path, node: request.params.node }),
  );
  server.get<{ Params: Params; Querystring: Query }>('/api/v1/deployments/:id/jobboards/history', { config: { query: ['path', 'since', 'until', 'limit'] } }, (request, reply) =>
    answer(reply, 'jobboards.history', { ...deployment(request.params), ...present(request.query, ['path', 'since', 'until']), ...limit(request.query) }),
  );
  server.get<{ Params: Params; Querystring: Query }>('/api/v1/deployments/:id/jobboards/counts', { config: { query: ['path', 'since', 'until'] } }, (request, reply) =>
    answer(reply, 'jobboards.counts', { ...deployment(request.params), path: request.query.path, ...present(request.query, ['since', 'until']) }),
  );

  for (const action of ['trash', 'release'] as const) {
    server.post<{ Params: Params & { node: string }; Querystring: Query }>(`/api/v1/deployments/:id/jobboards/jobs/:node/${action}`, { config: { query: ['path'] } }, (request, reply) =>
      answer(reply, 'jobboards.action', { ...deployment(request.params), path: request.query.path, node: request.params.node, action }),
    );
  }

  const canaryDeployment = (query: Query) => (query.deployment ? { deploymentId: toId(query.deployment) } : {});
  server.get<{ Querystring: Query }>('/v1.0/jobs', (request, reply) => {
    // Canary's own refusal, word for word (falcon.HTTPBadRequest).
    if (!request.query.path) return reply.code(400).send({ title: 'Specify a valid `path` querystring', error: { code: 'invalid_input', message: 'Specify a valid `path` querystring', field: 'path' } });
    return answer(reply, 'canary.jobs', { path: request.query.path, ...canaryDeployment(request.query) });
  });
  server.get<{ Querystring: Query }>('/v1.0/conductor', (request, reply) => answer(reply, 'canary.conductors', { ...present(request.query, ['path']), ...canaryDeployment(request.query) }));
}
