import type { BrokerNode, BrokerOverview, QueueStat } from '../../../../shared/domain/broker.ts';

// The management API's JSON, read defensively: a field missing (stats disabled, an older
// RabbitMQ, a queue still starting) is null rather than a crash or a made-up zero.

type Json = Record<string, unknown>;

const obj = (value: unknown): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {});
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
/**
 * A counter appears in message_stats only once it moved: a queue that has stats but no
 * deliver_get yet delivered nothing (0/s). Without message_stats at all the rates are unknown.
 */
const rate = (stats: Json | null, key: string): number | null => (stats === null ? null : (num(obj(stats[`${key}_details`]).rate) ?? 0));

/** /api/queues, without the growth (the poller knows the previous polls). */
export function parseQueues(body: unknown): Omit<QueueStat, 'growthPerMinute'>[] {
  if (!Array.isArray(body)) throw new Error('The management API answered /api/queues with something other than a list.');
  return body.map((raw) => {
    const q = obj(raw);
    const stats = typeof q.message_stats === 'object' && q.message_stats !== null ? obj(q.message_stats) : null;
    const ttl = num(obj(q.arguments)['x-message-ttl']) ?? num(obj(q.effective_policy_definition)['message-ttl']);
    return {
      name: str(q.name) ?? '',
      vhost: str(q.vhost) ?? '/',
      messages: num(q.messages) ?? 0,
      messagesReady: num(q.messages_ready),
      messagesUnacknowledged: num(q.messages_unacknowledged),
      consumers: num(q.consumers) ?? 0,
      memory: num(q.memory),
      consumerUtilisation: num(q.consumer_utilisation),
      publishRate: rate(stats, 'publish'),
      // deliver_get counts deliveries with and without acks and basic.get: everything that left.
      deliverRate: rate(stats, 'deliver_get'),
      ackRate: rate(stats, 'ack'),
      idleSince: idleSince(q.idle_since),
      messageTtlMs: ttl,
    };
  });
}

/** RabbitMQ writes idle_since as "2026-11-23 10:00:00" (UTC, no zone) in 3.x, ISO 8601 in 4.x. */
function idleSince(value: unknown): string | null {
  const text = str(value);
  if (!text) return null;
  const parsed = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
  return Number.isNaN(parsed) ? null : new Date(parsed).toISOString();
}

export function parseOverview(overviewBody: unknown, nodesBody: unknown): BrokerOverview {
  const o = obj(overviewBody);
  const totals = obj(o.object_totals);
  const queueTotals = obj(o.queue_totals);
  return {
    rabbitmqVersion: str(o.rabbitmq_version),
    erlangVersion: str(o.erlang_version),
    clusterName: str(o.cluster_name),
    connections: num(totals.connections),
    channels: num(totals.channels),
    queues: num(totals.queues),
    consumers: num(totals.consumers),
    messagesReady: num(queueTotals.messages_ready),
    messagesUnacknowledged: num(queueTotals.messages_unacknowledged),
    nodes: Array.isArray(nodesBody) ? nodesBody.map(parseNode) : [],
  };
}

function parseNode(raw: unknown): BrokerNode {
  const n = obj(raw);
  return {
    name: str(n.name) ?? '',
    running: n.running === true,
    memUsed: num(n.mem_used),
    memLimit: num(n.mem_limit),
    memAlarm: n.mem_alarm === true,
    diskFree: num(n.disk_free),
    diskFreeLimit: num(n.disk_free_limit),
    diskFreeAlarm: n.disk_free_alarm === true,
    fdUsed: num(n.fd_used),
    fdTotal: num(n.fd_total),
  };
}
