import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiError } from '../../shared/contract/result.ts';

/**
 * A refusal in the shape of the surface asked: the renderer's Result envelope under /rpc/,
 * the REST API's {"error": {code, message, field?}} everywhere else.
 */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, status: number, error: ApiError): FastifyReply {
  const body = request.url.startsWith('/rpc/') ? { ok: false, error } : { error };
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

/** A request-supplied value quoted in a message: short, and on one line. */
export function quoted(value: string, max = 120): string {
  const shown = value.length > max ? `${value.slice(0, max)}…` : value;
  return JSON.stringify(shown);
}
