import type { BrokerOverview, QueueStat } from '../../../../shared/domain/broker.ts';

export type PolledQueue = Omit<QueueStat, 'growthPerMinute'>;

export interface PollResult {
  overview: BrokerOverview | null;
  queues: PolledQueue[];
  /** A sentence about what was polled, shown as the status detail. */
  detail: string;
}

/** Where a deployment's queue figures come from: the management API, or AMQP passive declares. */
export interface HealthSource {
  readonly kind: 'management' | 'passive';
  /** What this source cannot show, and why; null when it shows everything. */
  readonly limits: string | null;
  start(): void;
  /** Rejects with a sentence for the operator; the poller keeps polling. */
  poll(signal: AbortSignal): Promise<PollResult>;
  stop(): Promise<void>;
}
