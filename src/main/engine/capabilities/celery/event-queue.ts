import type { Channel, ChannelModel, Options } from 'amqplib';

/** How long the broker keeps Tach's classic event queue after Tach stops consuming it. */
export const EVENT_QUEUE_EXPIRES_MS = 15 * 60 * 1000;
/** The most events the classic queue holds while Tach is away; older ones are dropped first. */
export const EVENT_QUEUE_MAX_LENGTH = 1_000_000;
/**
 * How long the broker keeps the quorum queue unused: a day. Its events expire after
 * queueTtlSeconds anyway, so only an empty queue is left for a Tach that is gone for good.
 */
export const QUORUM_QUEUE_EXPIRES_MS = 24 * 3600 * 1000;
/** Unacked deliveries in flight: enough to keep up with a busy fleet between two commits. */
export const EVENT_PREFETCH = 5_000;

/** Tach's own queue on the deployment's broker, unique per installation and deployment. */
export const eventQueueName = (installId: string, deploymentId: number): string => `tach.celeryev.${installId}.${deploymentId}`;

export interface EventQueueOptions {
  /** A quorum queue (settings.celery.durableQueue); else classic. */
  durable: boolean;
  /** Quorum only: x-max-length. */
  maxLength: number;
  /** Quorum only: x-message-ttl, in seconds. */
  ttlSeconds: number;
}

/**
 * The queue's declaration. Both are durable and bounded, by length (oldest dropped first) and by
 * expiry when Tach is gone for good, so the queue can never fill the broker it watches; durable
 * also keeps it legal on RabbitMQ 4.3, which refuses transient non-exclusive queues.
 *
 * - Classic (the default): unlike `celery events` (exclusive, auto-delete, 5 s message TTL: a
 *   lagging reader silently loses events), it outlives a reconnect and a short Tach restart. But
 *   Celery publishes events transient (delivery_mode 1), and a classic queue keeps transient
 *   messages in memory only: a broker restart while Tach is away loses what waits (the probe of
 *   2026-12-04 lost 6,336 of 30,000 tasks' events that way). Its arguments are fixed: changing
 *   them would make every existing installation's queue be deleted and declared again.
 * - Quorum (opt-in): RabbitMQ writes every message of a quorum queue to its Raft log on disk,
 *   whatever its delivery mode, so what waits survives the restart (verified on 3.10.8 by
 *   test/integration/celery-durable-queue.test.ts). Quorum queues are always durable and never
 *   exclusive or auto-delete. Full, it drops the oldest events (drop-head), not the newest
 *   (reject-publish): both lose as many, but a monitor needs the latest state, and an old
 *   task-received is superseded by its task-succeeded anyway. x-message-ttl (3.10+) bounds how
 *   stale a backlog can be.
 */
export function eventQueueOptions(options: EventQueueOptions): Options.AssertQueue {
  if (!options.durable) {
    return {
      durable: true,
      autoDelete: false,
      arguments: { 'x-expires': EVENT_QUEUE_EXPIRES_MS, 'x-max-length': EVENT_QUEUE_MAX_LENGTH, 'x-overflow': 'drop-head' },
    };
  }
  return {
    durable: true,
    autoDelete: false,
    exclusive: false,
    arguments: {
      'x-queue-type': 'quorum',
      'x-expires': QUORUM_QUEUE_EXPIRES_MS,
      'x-max-length': options.maxLength,
      'x-overflow': 'drop-head',
      'x-message-ttl': options.ttlSeconds * 1000,
    },
  };
}

/** What declaring found: the events dropped with a queue of another type or other limits. */
export interface DeclaredEventQueue {
  /** Null when the queue was kept (or new); else how many events waited in the one deleted. */
  replacedWithWaiting: number | null;
}

/**
 * Declares `celeryev` as Celery does (topic; kombu's defaults durable, not auto-delete: other
 * flags would be refused with 406) and Tach's queue bound with '#', since task events arrive
 * batched under `task.multi` and a narrower binding would miss them.
 *
 * A queue's type and arguments cannot change: when the durableQueue setting (or the quorum
 * queue's limits) changed, the broker refuses the declaration with 406 PRECONDITION_FAILED. The
 * queue is then deleted and declared anew, under the same name (so the broker's health view and
 * alerts keep following it); the events waiting in it at that moment are dropped, and their count
 * is returned to be logged. The declaration is tried on a channel of its own first, since a 406
 * closes the channel it happens on.
 */
export async function declareEventQueue(channel: Channel, connection: ChannelModel, queue: string, options: EventQueueOptions): Promise<DeclaredEventQueue> {
  const wanted = eventQueueOptions(options);
  await channel.assertExchange('celeryev', 'topic', { durable: true, autoDelete: false });
  let replacedWithWaiting: number | null = null;
  const probe = await connection.createChannel();
  // The 406 also arrives as the channel's 'error' event, which must not go unheard (it would throw).
  probe.on('error', () => {});
  try {
    await probe.assertQueue(queue, wanted);
    await probe.close();
  } catch (error) {
    if (!isPreconditionFailed(error)) throw error;
    const scratch = await connection.createChannel();
    scratch.on('error', () => {});
    try {
      replacedWithWaiting = (await scratch.deleteQueue(queue)).messageCount;
    } finally {
      await scratch.close().catch(() => {});
    }
  }
  await channel.assertQueue(queue, wanted);
  await channel.bindQueue(queue, 'celeryev', '#');
  await channel.prefetch(EVENT_PREFETCH);
  return { replacedWithWaiting };
}

function isPreconditionFailed(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 406;
}
