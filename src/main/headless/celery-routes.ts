import type { FastifyInstance, FastifyReply } from 'fastify';
import { CHANNELS, type RequestChannel } from '../../shared/contract/channels.ts';
import type { Result } from '../../shared/contract/result.ts';
import type { Engine } from '../engine/engine.ts';
import { STATUS_OF } from './error-status.ts';

type Query = Record<string, string | undefined>;
type Params = { id: string; uuid?: string; method?: string };

const toId = (raw: string): number | string => (/^\d+$/.test(raw) ? Number(raw) : raw);
const toNumber = (raw: string | undefined): number | string | undefined => (raw === undefined || raw === '' ? undefined : /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw);
const present = (query: Query, keys: readonly string[]) =>
  Object.fromEntries(keys.filter((key) => query[key] !== undefined && query[key] !== '').map((key) => [key, query[key]]));

/** Celery's REST endpoints (README): the same channels as the console, shaped for scripts. */
export function registerCeleryRoutes(server: FastifyInstance, engine: Engine): void {
  const answer = async (reply: FastifyReply, channel: RequestChannel, input: unknown, shape: (value: never, reply: FastifyReply) => unknown = (v) => v) => {
    const result = (await engine.dispatch(channel, input)) as Result<never>;
    if (!result.ok) return reply.code(STATUS_OF[result.error.code]).send({ error: result.error });
    return reply.send(shape(result.value, reply));
  };

  server.get<{ Params: Params }>('/api/v1/deployments/:id/celery', (request, reply) =>
    answer(reply, 'celery.overview', { deploymentId: toId(request.params.id) }),
  );
  server.get<{ Params: Params }>('/api/v1/deployments/:id/workers', (request, reply) =>
    answer(reply, 'celery.workers', { deploymentId: toId(request.params.id) }),
  );
  server.get<{ Params: Params; Querystring: Query }>('/api/v1/deployments/:id/tasks', { config: { query: ['state', 'name', 'worker', 'since', 'until', 'search', 'before', 'limit'] } }, (request, reply) =>
    answer(
      reply,
      'celery.tasks',
      {
        deploymentId: toId(request.params.id),
        ...present(request.query, ['state', 'name', 'worker', 'since', 'until', 'search', 'before']),
        ...(request.query.limit ? { limit: toNumber(request.query.limit) } : {}),
      },
      // A bare array, as scripts expect; the next page is linked as RFC 8288 says.
      (page: { tasks: unknown[]; next: string | null }, fastifyReply) => {
        if (page.next) {
          const next = new URL(request.url, 'http://tach');
          next.searchParams.set('before', page.next);
          fastifyReply.header('link', `<${next.pathname}${next.search}>; rel="next"`);
        }
        return page.tasks;
      },
    ),
  );
  server.get<{ Params: Params }>('/api/v1/deployments/:id/tasks/:uuid', (request, reply) =>
    answer(reply, 'celery.task', { deploymentId: toId(request.params.id), uuid: request.params.uuid }),
  );
  server.get<{ Params: Params; Querystring: Query }>('/api/v1/deployments/:id/celery/rejected', { config: { query: ['limit'] } }, (request, reply) =>
    answer(reply, 'celery.rejected', { deploymentId: toId(request.params.id), ...(request.query.limit ? { limit: toNumber(request.query.limit) } : {}) }),
  );
  server.get<{ Params: Params; Querystring: Query }>('/api/v1/deployments/:id/snapshots', { config: { query: ['since', 'until', 'limit'] } }, (request, reply) =>
    answer(reply, 'celery.snapshots', {
      deploymentId: toId(request.params.id),
      ...present(request.query, ['since', 'until']),
      ...(request.query.limit ? { limit: toNumber(request.query.limit) } : {}),
    }),
  );
  server.get<{ Params: Params; Querystring: Query }>('/api/v1/deployments/:id/celery/stats', { config: { query: ['since', 'until', 'buckets'] } }, (request, reply) =>
    answer(reply, 'celery.stats', {
      deploymentId: toId(request.params.id),
      ...present(request.query, ['since', 'until']),
      ...(request.query.buckets ? { buckets: toNumber(request.query.buckets) } : {}),
    }),
  );
  // CSV downloads stream straight from the store; the input goes through the contract's schema
  // first (the same one the desktop export uses), so a bad time is a 400 with the field named.
  const sendCsv = async (reply: FastifyReply, input: unknown) => {
    const parsed = CHANNELS['celery.exportSnapshots'].input.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return reply.code(400).send({ error: { code: 'invalid_input', message: issue?.message ?? 'invalid', field: issue?.path.join('.') } });
    }
    const csv = engine.snapshotCsv(parsed.data);
    if (!csv.ok) return reply.code(STATUS_OF[csv.error.code]).send({ error: csv.error });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${csv.value.filename}"`)
      .send(csv.value.stream);
  };
  server.get<{ Params: Params; Querystring: Query }>('/api/v1/deployments/:id/snapshots.csv', { config: { query: ['since', 'until'] } }, (request, reply) =>
    sendCsv(reply, { deploymentId: toId(request.params.id), ...present(request.query, ['since', 'until']) }),
  );
  server.get<{ Params: { id: string } }>('/api/v1/snapshots/:id.csv', (request, reply) => sendCsv(reply, { snapshotId: toId(request.params.id) }));

  for (const kind of ['inspect', 'control'] as const) {
    server.post<{ Params: Params; Body: Record<string, unknown> | undefined }>(`/api/v1/deployments/:id/${kind}/:method`, (request, reply) =>
      answer(
        reply,
        `celery.${kind}`,
        { ...(request.body ?? {}), deploymentId: toId(request.params.id), method: request.params.method },
        // {"celery@host": reply, …}; who did not answer goes in a header, so the body stays Celery's shape.
        (result: { replies: Record<string, unknown>; missing: string[] }, fastifyReply) => {
          if (result.missing.length > 0) fastifyReply.header('tach-missing-workers', result.missing.join(', '));
          return result.replies;
        },
      ),
    );
  }
}
