import type { FastifyInstance, FastifyReply } from 'fastify';
import type { RequestChannel } from '../../shared/contract/channels.ts';
import type { Engine } from '../engine/engine.ts';
import { STATUS_OF } from './error-status.ts';

type Params = { id: string };
type Build = (params: Params, body: unknown) => unknown;

/**
 * The REST API for scripts (documented in the README, stable): each route is a contract
 * channel with its input assembled from the path and body. Success answers the bare value;
 * failure answers {"error": {code, message, field?}} with a 4xx/5xx status.
 */
export function registerRestRoutes(server: FastifyInstance, engine: Engine): void {
  const route = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    channel: RequestChannel,
    build: Build,
    successStatus = 200,
  ) => {
    server.route<{ Params: Params; Body: unknown }>({
      method,
      url: `/api/v1${url}`,
      handler: async (request, reply) => {
        const body = request.body;
        if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body))) {
          return sendError(reply, 400, 'invalid_input', 'The request body must be a JSON object.');
        }
        const result = await engine.dispatch(channel, build(request.params, body));
        if (!result.ok) return reply.code(STATUS_OF[result.error.code]).send({ error: result.error });
        if (successStatus === 204) return reply.code(204).send();
        return reply.code(successStatus).send(result.value);
      },
    });
  };
  const id = (params: Params) => toId(params.id);
  const withBody = (body: unknown, extra: object) => ({ ...(body as object | undefined), ...extra });

  // The data dir's health (disk full or nearly, WAL, log file, last backup): for a script or a probe.
  route('GET', '/health', 'store.health', () => undefined);
  route('GET', '/tenants', 'tenants.list', () => undefined);
  route('POST', '/tenants', 'tenants.create', (_, body) => body, 201);
  route('GET', '/tenants/:id', 'tenants.get', (params) => ({ id: id(params) }));
  route('PATCH', '/tenants/:id', 'tenants.update', (params, body) => withBody(body, { id: id(params) }));
  route('DELETE', '/tenants/:id', 'tenants.remove', (params) => ({ id: id(params) }), 204);
  route('GET', '/tenants/:id/deployments', 'deployments.list', (params) => ({ tenantId: id(params) }));
  route('POST', '/tenants/:id/deployments', 'deployments.create', (params, body) => withBody(body, { tenantId: id(params) }), 201);
  route('GET', '/deployments/:id', 'deployments.get', (params) => ({ id: id(params) }));
  route('PATCH', '/deployments/:id', 'deployments.update', (params, body) => withBody(body, { id: id(params) }));
  route('DELETE', '/deployments/:id', 'deployments.remove', (params) => ({ id: id(params) }), 204);
  route('POST', '/deployments/:id/test', 'deployments.test', (params) => ({ id: id(params) }));
}

/** Path ids are validated by the channel's schema like any input; a non-number stays a non-number. */
function toId(raw: string): number | string {
  return /^\d+$/.test(raw) ? Number(raw) : raw;
}

export function sendError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).send({ error: { code, message } });
}
