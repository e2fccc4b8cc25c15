import type { FastifyInstance } from 'fastify';
import type { Engine } from '../engine/engine.ts';
import { EXPOSITION_CONTENT_TYPE } from '../engine/kernel/metrics/metrics-exposition.ts';
import { sendProblem } from './problem.ts';

/** GET /metrics: the Prometheus exposition, in its own format (not a channel: nothing to validate, nothing JSON). */
export function registerMetricsRoute(server: FastifyInstance, engine: Engine): void {
  server.get('/metrics', (request, reply) => {
    const text = engine.metricsText();
    if (text === undefined) return sendProblem(request, reply, 503, { code: 'unavailable', message: 'Tach is not running.' });
    return reply.type(EXPOSITION_CONTENT_TYPE).send(text);
  });
}
