import { z } from 'zod';
import { printable, seconds } from '../../contract/primitives.ts';

// Broker health: its settings section (complete, as read), its defaults, and the partial patch create/update accept.

/** Thresholds of the queue alert rules; null turns a rule off. */
export interface QueueThresholds {
  /** Messages in a queue. */
  depth: number | null;
  /** Messages per minute a queue grows by, over the last minute. */
  growthPerMinute: number | null;
  /** A queue with no consumer holding at least this many messages (StackTach's failure). */
  noConsumerDepth: number | null;
  /** Seconds messages stay unacknowledged with no ack at all. */
  unackedAgeSeconds: number | null;
  /** A celeryev.* queue whose backlog (ready / deliver rate) reaches this share of its TTL, 0..1. */
  eventTtlRatio: number | null;
}

export interface BrokerHealthSettings {
  /** Poll the management API (or passive-declare the named queues) of this deployment's broker. */
  enabled: boolean;
  /** Seconds between polls. */
  pollInterval: number;
  /** Queues to passive-declare when there is no management API, as `vhost/name` or `name` (default vhost). */
  queues: string[];
  thresholds: QueueThresholds;
  /**
   * One queue's own thresholds, where the deployment's do not fit it (a queue that is always deep,
   * say). `queue` is the alert subject, `vhost/name` with the vhost percent-encoded ("%2F/q").
   * A threshold given here (null: that rule is off for the queue) replaces the deployment's.
   */
  queueOverrides: QueueThresholdOverride[];
}

export interface QueueThresholdOverride {
  queue: string;
  thresholds: Partial<QueueThresholds>;
}

// The defaults catch StackTach's failure: a notification queue growing with no one consuming it.
export const DEFAULT_BROKER_HEALTH_SETTINGS: BrokerHealthSettings = {
  enabled: true,
  pollInterval: 10,
  queues: [],
  queueOverrides: [],
  thresholds: { depth: 10_000, growthPerMinute: 600, noConsumerDepth: 100, unackedAgeSeconds: 600, eventTtlRatio: 0.5 },
};

const threshold = (min: number, max: number) => z.number({ error: 'must be a number, or null to turn the rule off' }).min(min, `must be at least ${min}`).max(max, `must be at most ${max}`).nullable().optional();

/** `name` or `vhost/name`, as the passive-declare fallback reads them. */
const queueRef = printable(z.string({ error: 'must be a queue name' }).trim().min(1, 'must not be empty').max(255, 'must be at most 255 characters'));

/** A partial patch of the broker health section. */
const queueThresholds = z.strictObject({
  depth: threshold(1, 1e12),
  growthPerMinute: threshold(1, 1e12),
  noConsumerDepth: threshold(1, 1e12),
  unackedAgeSeconds: threshold(1, 30 * 24 * 3600),
  eventTtlRatio: threshold(0.05, 1),
});

/** One queue's own thresholds: `queue` is `vhost/name`, the vhost percent-encoded ("%2F/q"). */
const queueOverride = z.strictObject({
  queue: z.string({ error: 'must be a queue as vhost/name' }).regex(/^[^/]+\/.+$/, 'must be vhost/name, the vhost percent-encoded (%2F for /)').max(600, 'must be at most 600 characters'),
  thresholds: queueThresholds,
});

export const brokerHealthSettingsInput = z.strictObject({
  enabled: z.boolean({ error: 'must be true or false' }).optional(),
  pollInterval: seconds(1, 3600).optional(),
  queues: z.array(queueRef, { error: 'must be a list of queue names' }).max(500, 'must name at most 500 queues').optional(),
  thresholds: queueThresholds.optional(),
  /** Replaces the whole list: send every queue's overrides, not only the changed one. */
  queueOverrides: z.array(queueOverride, { error: 'must be a list of {queue, thresholds}' }).max(1000, 'must hold at most 1000 queues').optional(),
});
