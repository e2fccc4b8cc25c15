import type { Channel } from 'amqplib';

/** How long the broker keeps Tach's event queue after Tach stops consuming it. */
export const EVENT_QUEUE_EXPIRES_MS = 15 * 60 * 1000;
/** The most events it holds while Tach is away; older ones are dropped first. */
export const EVENT_QUEUE_MAX_LENGTH = 1_000_000;
/** Unacked deliveries in flight: enough to keep up with a busy fleet between two commits. */
export const EVENT_PREFETCH = 5_000;

/** Tach's own queue on the deployment's broker, unique per installation and deployment. */
export const eventQueueName = (installId: string, deploymentId: number): string => `tach.celeryev.${installId}.${deploymentId}`;

/**
 * Declares `celeryev` as Celery does (topic; kombu's defaults durable, not auto-delete: other
 * flags would be refused with 406) and Tach's queue bound with '#', since task events arrive
 * batched under `task.multi` and a narrower binding would miss them.
 *
 * Unlike `celery events` (exclusive, auto-delete, 5 s message TTL: a lagging reader silently
 * loses events), the queue is durable and outlives a reconnect, a broker restart or a short Tach
 * restart, so nothing is lost then; and it is bounded, by length (oldest dropped first) and by
 * expiry when Tach is gone for good, so it can never fill the broker it watches. Durable also
 * keeps it legal on RabbitMQ 4.3, which refuses transient non-exclusive queues.
 */
export async function declareEventQueue(channel: Channel, queue: string): Promise<void> {
  await channel.assertExchange('celeryev', 'topic', { durable: true, autoDelete: false });
  await channel.assertQueue(queue, {
    durable: true,
    autoDelete: false,
    arguments: {
      'x-expires': EVENT_QUEUE_EXPIRES_MS,
      'x-max-length': EVENT_QUEUE_MAX_LENGTH,
      'x-overflow': 'drop-head',
    },
  });
  await channel.bindQueue(queue, 'celeryev', '#');
  await channel.prefetch(EVENT_PREFETCH);
}
