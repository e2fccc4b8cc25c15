import type { FastifyInstance, FastifyReply } from 'fastify';
import type { RequestChannel } from '../../shared/contract/channels.ts';
import type { Result } from '../../shared/contract/result.ts';
import type { BrokerHealth } from '../../shared/domain/broker.ts';
import type { Engine } from '../engine/engine.ts';
import { EXPOSITION_CONTENT_TYPE } from '../engine/kernel/metrics/metrics-exposition.ts';
import { STATUS_OF } from './error-status.ts';
import { sendError } from './rest-routes.ts';

type Query = Record<string, string | undefined>;
type Params = { id: string; vhost?: string; name?: string };

const toId = (raw: string): number | string => (/^\d+$/.test(raw) ? Number(raw) : raw);
const present = (query: Query, keys: readonly string[]) =>
  Object.fromEntries(keys.filter((key) => query[key] !== undefined && query[key] !== '').map((key) => [key, query[key]]));

/** Broker health, alerts and the Prometheus exposition (README: "Broker health"). */
export function registerBrokerRoutes(server: FastifyInstance, engine: Engine): void {
  const answer = async (reply: FastifyReply, channel: RequestChannel, input: unknown, shape: (value: never) => unknown = (v) => v) => {
    const result = (await engine.dispatch(channel, input)) as Result<never>;
    if (!result.ok) return reply.code(STATUS_OF[result.error.code]).send({ error: result.error });
    return reply.send(shape(result.value));
  };

  server.get<{ Params: Params }>('/api/v1/deployments/:id/broker', (request, reply) =>
    answer(reply, 'broker.health', { deploymentId: toId(request.params.id) }),
  );
  // The queues as scripts want them: a bare array. How fresh it is and any polling problem
  // travel in headers, so the body stays the list.
  server.get<{ Params: Params }>('/api/v1/deployments/:id/queues', (request, reply) =>
    answer(reply, 'broker.health', { deploymentId: toId(request.params.id) }, (health: BrokerHealth) => {
      reply.header('tach-poll-state', health.state);
      if (health.lastPollAt) reply.header('tach-last-poll', health.lastPollAt);
      return health.queues;
    }),
  );
  // The default vhost "/" is written %2F, as in the management API's own URLs.
  server.get<{ Params: Params; Querystring: Query }>('/api/v1/deployments/:id/queues/:vhost/:name/history', { config: { query: ['since', 'until'] } }, (request, reply) =>
    answer(reply, 'broker.history', {
      deploymentId: toId(request.params.id),
      vhost: request.params.vhost,
      name: request.params.name,
      ...present(request.query, ['since', 'until']),
    }),
  );
  server.get<{ Params: Params; Querystring: Query }>('/api/v1/deployments/:id/alerts', { config: { query: ['limit'] } }, (request, reply) =>
    answer(reply, 'alerts.list', {
      deploymentId: toId(request.params.id),
      ...(request.query.limit ? { limit: /^\d+$/.test(request.query.limit) ? Number(request.query.limit) : request.query.limit } : {}),
    }),
  );
  server.get('/api/v1/alerts', (_request, reply) => answer(reply, 'alerts.open', undefined));

  server.get('/metrics', (_request, reply) => {
    const text = engine.metricsText();
    if (text === undefined) return sendError(reply, 503, 'unavailable', 'Tach is not running.');
    return reply.type(EXPOSITION_CONTENT_TYPE).send(text);
  });
}
