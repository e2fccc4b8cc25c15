import type { FastifyInstance } from 'fastify';
import type { Engine } from '../engine/engine.ts';
import { STATUS_OF } from './error-status.ts';

/** The contract over http, for the renderer: POST /rpc/<channel> with the input as JSON, the Result envelope back. */
export function registerRpcRoutes(server: FastifyInstance, engine: Engine): void {
  server.post<{ Params: { channel: string } }>('/rpc/:channel', async (request, reply) => {
    const result = await engine.dispatch(request.params.channel, request.body);
    return reply.code(result.ok ? 200 : STATUS_OF[result.error.code]).send(result);
  });
}
