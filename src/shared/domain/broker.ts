// Broker health as every door sees it: queue figures from the RabbitMQ management API (or, without
// one, from AMQP passive declares), the broker overview, queue history and alerts.

/** A figure the source cannot give is null (passive declares know messages and consumers only). */
export interface QueueStat {
  name: string;
  vhost: string;
  messages: number;
  messagesReady: number | null;
  messagesUnacknowledged: number | null;
  consumers: number;
  /** Bytes of broker memory the queue uses. */
  memory: number | null;
  /** 0..1: how often the queue could deliver to a consumer at once. */
  consumerUtilisation: number | null;
  /** Messages per second. */
  publishRate: number | null;
  deliverRate: number | null;
  ackRate: number | null;
  /** Change in `messages` per minute over the last minute of polls; null until two polls. */
  growthPerMinute: number | null;
  idleSince: string | null;
  /** The queue's x-message-ttl, when it has one (celeryev queues do: 5 s by default). */
  messageTtlMs: number | null;
}

export interface BrokerNode {
  name: string;
  running: boolean;
  memUsed: number | null;
  memLimit: number | null;
  memAlarm: boolean;
  diskFree: number | null;
  diskFreeLimit: number | null;
  diskFreeAlarm: boolean;
  fdUsed: number | null;
  fdTotal: number | null;
}

export interface BrokerOverview {
  rabbitmqVersion: string | null;
  erlangVersion: string | null;
  clusterName: string | null;
  connections: number | null;
  channels: number | null;
  queues: number | null;
  consumers: number | null;
  messagesReady: number | null;
  messagesUnacknowledged: number | null;
  nodes: BrokerNode[];
}

/**
 * management: polling the management API. passive: no management API, AMQP passive declares of
 * the named queues. off: nothing to poll (no broker, or health polling turned off).
 */
export type BrokerHealthSource = 'management' | 'passive' | 'off';

export interface BrokerHealth {
  source: BrokerHealthSource;
  /** waiting: no poll answered yet. ok: the last poll answered. error: it failed (see detail); polling goes on. */
  state: 'waiting' | 'ok' | 'error' | 'off';
  /** A sentence: what was polled, or what went wrong and that it is retried. */
  detail: string;
  /** What this source cannot show, and why (passive declares: no rates, no overview). */
  limits: string | null;
  lastPollAt: string | null;
  pollIntervalSeconds: number;
  overview: BrokerOverview | null;
  queues: QueueStat[];
}

export interface QueueSample {
  at: string;
  messages: number;
  messagesReady: number | null;
  messagesUnacknowledged: number | null;
  consumers: number;
  publishRate: number | null;
  deliverRate: number | null;
  ackRate: number | null;
}

export interface QueueHistory {
  /** Seconds each sample covers (averaged); the poll interval when they are raw polls. */
  resolutionSeconds: number;
  samples: QueueSample[];
}

export type AlertSeverityLevel = 'warning' | 'critical';

export interface Alert {
  id: number;
  deploymentId: number;
  /** 'queue.depth', 'queue.growth', 'queue.no_consumer', 'queue.unacked_age', 'queue.event_ttl'. */
  rule: string;
  subject: string;
  severity: AlertSeverityLevel;
  /** The sentence of the latest evaluation while open; the last one when closed. */
  message: string;
  openedAt: string;
  closedAt: string | null;
  peakValue: number | null;
  lastValue: number | null;
}
