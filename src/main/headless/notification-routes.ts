import type { FastifyInstance, FastifyReply } from 'fastify';
import type { RequestChannel } from '../../shared/contract/channels.ts';
import type { Result } from '../../shared/contract/result.ts';
import type { Engine } from '../engine/engine.ts';
import { STATUS_OF } from './error-status.ts';

type Query = Record<string, string | undefined>;
type Params = { id: string; uuid?: string };

const toId = (raw: string): number | string => (/^\d+$/.test(raw) ? Number(raw) : raw);
const toNumber = (raw: string): number | string => (/^\d+$/.test(raw) ? Number(raw) : raw);
const toBoolean = (raw: string): boolean | string => (raw === 'true' || raw === '1' ? true : raw === 'false' || raw === '0' ? false : raw);

/** Query parameter -> input field, for the ones that differ (snake_case on the URL, as the README shows). */
const EVENT_FILTERS: Record<string, string> = {
  event_type: 'eventType',
  instance: 'instance',
  request_id: 'requestId',
  tenant: 'tenant',
  host: 'host',
  service: 'service',
  priority: 'priority',
  since: 'since',
  until: 'until',
  before: 'before',
};

function pick(query: Query, names: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [param, field] of Object.entries(names)) {
    const value = query[param];
    if (value !== undefined && value !== '') out[field] = value;
  }
  return out;
}

const same = (...names: string[]) => Object.fromEntries(names.map((n) => [n, n]));

/** Notifications' REST endpoints (README): the console's channels, shaped for scripts. */
export function registerNotificationRoutes(server: FastifyInstance, engine: Engine): void {
  const answer = async (reply: FastifyReply, channel: RequestChannel, input: unknown, shape: (value: never, reply: FastifyReply) => unknown = (v) => v) => {
    const result = (await engine.dispatch(channel, input)) as Result<never>;
    if (!result.ok) return reply.code(STATUS_OF[result.error.code]).send({ error: result.error });
    return reply.send(shape(result.value, reply));
  };
  const limit = (query: Query) => (query.limit ? { limit: toNumber(query.limit) } : {});

  server.get<{ Params: Params }>('/api/v1/deployments/:id/notifications', (request, reply) =>
    answer(reply, 'notifications.overview', { deploymentId: toId(request.params.id) }),
  );
  server.get<{ Params: Params; Querystring: Query }>('/api/v1/deployments/:id/events', { config: { query: [...Object.keys(EVENT_FILTERS), 'errors', 'limit'] } }, (request, reply) =>
    answer(
      reply,
      'notifications.events',
      {
        deploymentId: toId(request.params.id),
        ...pick(request.query, EVENT_FILTERS),
        ...(request.query.errors ? { errorsOnly: toBoolean(request.query.errors) } : {}),
        ...limit(request.query),
      },
      // A bare array, as the scripts expect; the next page is linked as RFC 8288 says.
      (page: { events: unknown[]; next: string | null }, fastifyReply) => {
        if (page.next) {
          const next = new URL(request.url, 'http://tach');
          next.searchParams.set('before', page.next);
          fastifyReply.header('link', `<${next.pathname}${next.search}>; rel="next"`);
        }
        return page.events;
      },
    ),
  );
  server.get<{ Params: Params }>('/api/v1/events/:id', (request, reply) => answer(reply, 'notifications.event', { id: toId(request.params.id) }));
  server.get<{ Params: Params }>('/api/v1/deployments/:id/instances/:uuid', (request, reply) =>
    answer(reply, 'notifications.instance', { deploymentId: toId(request.params.id), uuid: request.params.uuid }),
  );
  server.get<{ Params: Params; Querystring: Query }>('/api/v1/deployments/:id/timings', { config: { query: ['name', 'since', 'until', 'limit'] } }, (request, reply) =>
    answer(reply, 'notifications.timings', { deploymentId: toId(request.params.id), ...pick(request.query, same('name', 'since', 'until')), ...limit(request.query) }),
  );
  server.get<{ Params: Params; Querystring: Query }>('/api/v1/deployments/:id/timings/summary', { config: { query: ['since', 'until'] } }, (request, reply) =>
    answer(reply, 'notifications.timingSummary', { deploymentId: toId(request.params.id), ...pick(request.query, same('since', 'until')) }),
  );
  server.get<{ Params: Params; Querystring: Query }>('/api/v1/deployments/:id/kpi', { config: { query: ['tenant', 'since', 'limit'] } }, (request, reply) =>
    answer(reply, 'notifications.kpi', { deploymentId: toId(request.params.id), ...pick(request.query, same('tenant', 'since')), ...limit(request.query) }),
  );
  server.get<{ Params: Params; Querystring: Query }>('/api/v1/deployments/:id/rejected', { config: { query: ['limit'] } }, (request, reply) =>
    answer(reply, 'notifications.rejected', { deploymentId: toId(request.params.id), ...limit(request.query) }),
  );
}
