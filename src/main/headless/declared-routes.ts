import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CHANNELS, REST_ROUTES, type RequestChannel } from '../../shared/contract/channels.ts';
import type { RestAnswer, RestRoute } from '../../shared/contract/rest.ts';
import { inputError } from '../../shared/contract/input-error.ts';
import { restInput } from '../../shared/contract/rest-input.ts';
import type { Engine } from '../engine/engine.ts';
import { STATUS_OF } from './error-status.ts';
import { requestTarget } from './request-target.ts';

type RouteRequest = FastifyRequest<{ Params: Record<string, string>; Querystring: Record<string, unknown>; Body: unknown }>;

/**
 * The REST API for scripts (stable, documented), every route derived from its declaration beside
 * its channel (src/shared/contract/channels/<area>.ts). Success answers the value as declared;
 * failure answers {"error": {code, message, field?}} with a 4xx/5xx status.
 */
export function registerDeclaredRoutes(server: FastifyInstance, engine: Engine): void {
  for (const route of REST_ROUTES) {
    server.route<{ Params: Record<string, string>; Querystring: Record<string, unknown>; Body: unknown }>({
      method: route.method,
      url: route.path,
      // The strict-query check (query-params.ts) refuses any other parameter.
      config: { query: Object.keys(route.query ?? {}) },
      handler: (request, reply) => serve(engine, route, request, reply),
    });
  }
}

async function serve(engine: Engine, route: RestRoute<RequestChannel>, request: RouteRequest, reply: FastifyReply): Promise<FastifyReply> {
  const built = restInput(route, { params: request.params, query: request.query, body: request.body });
  if (!built.ok) return reply.code(400).send({ error: { code: 'invalid_input', message: built.message } });
  if (route.answer === 'csv') return sendCsv(engine, built.input, reply);
  const result = await engine.dispatch(route.channel, built.input);
  if (!result.ok) return reply.code(STATUS_OF[result.error.code]).send({ error: result.error });
  if (route.status === 204) return reply.code(204).send();
  return reply.code(route.status ?? 200).send(shape(route.answer, result.value, request, reply));
}

/** The value as the route declares it answered: one field of it as the body, others as headers, the next page linked. */
function shape(answer: Exclude<RestAnswer, 'csv'> | undefined, value: unknown, request: RouteRequest, reply: FastifyReply): unknown {
  if (answer === undefined) return value;
  const fields = value as Record<string, unknown>;
  for (const [header, field] of Object.entries(answer.headers ?? {})) {
    const given = fields[field];
    if (Array.isArray(given) ? given.length > 0 : given !== undefined && given !== null && given !== '') {
      reply.header(header, Array.isArray(given) ? given.join(', ') : String(given));
    }
  }
  const cursor = answer.next ? fields[answer.next.cursor] : undefined;
  if (answer.next && typeof cursor === 'string' && cursor !== '') {
    // The same URL with the cursor as the page parameter (RFC 8288), so a script follows it as is.
    const { pathname, query } = requestTarget(request.url);
    query.set(answer.next.param, cursor);
    reply.header('link', `<${pathname}?${query.toString()}>; rel="next"`);
  }
  return answer.body === undefined ? value : fields[answer.body];
}

/**
 * Snapshot CSVs stream straight from the store rather than through a dispatched request; the
 * input still goes through the export channel's schema first (the one the desktop export uses).
 */
async function sendCsv(engine: Engine, input: unknown, reply: FastifyReply): Promise<FastifyReply> {
  const parsed = CHANNELS['celery.exportSnapshots'].input.safeParse(input);
  if (!parsed.success) return reply.code(400).send({ error: inputError(parsed.error) });
  const csv = engine.snapshotCsv(parsed.data);
  if (!csv.ok) return reply.code(STATUS_OF[csv.error.code]).send({ error: csv.error });
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${csv.value.filename}"`)
    .send(csv.value.stream);
}
