import type { ManagementCheckTarget } from '../../kernel/connections/management-check.ts';
import type { HealthSource, PollResult } from './health-source.ts';
import { managementGet } from './management-client.ts';
import { parseOverview, parseQueues } from './management-parse.ts';

// Only what the views and rules use: the full /api/queues of a big broker is megabytes.
const QUEUE_COLUMNS = [
  'name',
  'vhost',
  'messages',
  'messages_ready',
  'messages_unacknowledged',
  'consumers',
  'memory',
  'consumer_utilisation',
  'idle_since',
  'arguments',
  'effective_policy_definition',
  'message_stats',
].join(',');

/** Polls /api/overview, /api/nodes and /api/queues. */
export class ManagementSource implements HealthSource {
  readonly kind = 'management';
  readonly limits = null;
  readonly #target: ManagementCheckTarget;
  readonly #timeoutMs: number;

  constructor(target: ManagementCheckTarget, timeoutMs: number) {
    this.#target = target;
    this.#timeoutMs = timeoutMs;
  }

  start(): void {}

  async poll(signal: AbortSignal): Promise<PollResult> {
    const get = (path: string) => managementGet(this.#target, path, this.#timeoutMs, signal);
    const [overview, nodes, queues] = await Promise.all([get('api/overview'), get('api/nodes'), get(`api/queues?columns=${QUEUE_COLUMNS}`)]);
    const parsed = parseOverview(overview, nodes);
    const where = new URL(this.#target.url).host;
    return {
      overview: parsed,
      queues: parseQueues(queues),
      detail: `Polling the management API at ${where}${parsed.rabbitmqVersion ? ` (RabbitMQ ${parsed.rabbitmqVersion})` : ''}.`,
    };
  }

  async stop(): Promise<void> {}
}
