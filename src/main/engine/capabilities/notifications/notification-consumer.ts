import type { Channel, ConsumeMessage } from 'amqplib';
import type { NotificationSettings } from '../../../../shared/domain/settings.ts';
import type { AmqpSession } from '../../kernel/amqp/amqp-session.ts';
import { EventRate } from '../../kernel/event-rate.ts';
import type { Logger } from '../../kernel/logging/logger.ts';
import type { NotificationBatchWriter } from './store/notification-batch-writer.ts';
import type { NotificationStore } from './store/notification-store.ts';
import { adoptQueue, type AdoptedQueue } from './adopt-queue.ts';
import { DeliveryBatcher } from './notification-deliveries.ts';
import { QueueBacklog } from './queue-backlog.ts';
import { AckAfterCommit } from '../../kernel/amqp/ack-after-commit.ts';
import { PeriodicWork } from '../../kernel/periodic-work.ts';

/** Unacked messages per queue: what may be in flight between the broker and a commit. */
export const NOTIFICATION_PREFETCH = 5000;
const FLUSH_MS = 100;
/**
 * A batch goes to the writer at this many messages (or every FLUSH_MS). The bodies wait in the
 * consumer's ring (delivery-ring.ts), so a batch holds only offsets here; small batches reach the
 * writer within milliseconds, and acking each as its commit resolves keeps the broker's credit
 * topped up (1,000 or 2,000 measured no faster). The writer commits the batches waiting together
 * in one transaction, so its transactions stay large.
 */
const FLUSH_AT = 500;
/** Or at this many bytes of bodies, so a run of large notifications is not held 500 at a time. */
const FLUSH_AT_BYTES = 4 * 1024 * 1024;
/** How often the queues' ready counts are read while deliveries arrive (queue-backlog.ts). */
const BACKLOG_PROBE_MS = 250;
const RETENTION_MS = 60_000;
/**
 * Retention deletes in chunks, yielding to ingest between them: a chunk holds the store's write
 * lock while it runs (5,000 events held it 126-135 ms; 500 about a tenth of that), and deliveries
 * and commits go on between chunks. At most this many chunks a run (100,000 events a minute).
 */
const RETENTION_CHUNKS = 200;
const RETENTION_CHUNK = 500;

export interface NotificationConsumerOptions {
  deploymentId: number;
  session: AmqpSession;
  /** Reads and retention. */
  store: NotificationStore;
  /** Decodes and commits each flush's batch; resolves with its counts once committed, in order. */
  writer: NotificationBatchWriter;
  /** Read when needed, so retention changes apply without reconnecting. */
  settings: () => NotificationSettings;
  log: Logger;
  now: () => number;
  /** After each commit that stored something, and when a queue's setup changes. */
  onChange: () => void;
}

export interface ConsumerCounters {
  storedTotal: number;
  duplicatesTotal: number;
  rejectedTotal: number;
  lastMessageAt: number | null;
  rate: number;
  storeError: string | null;
}

export const setupName = (queue: string) => `notifications ${queue}`;

/**
 * One deployment's notification queues: consume -> batch -> decode and commit -> ack. A message
 * is acked only once its row (or its rejection) is committed; the store ignores a message_id it
 * already has, so whatever the broker redelivers after a crash or a lost connection is stored once.
 * If a commit fails, the channels are closed so the broker redelivers every unacked message.
 *
 * Decoding and commits run on the writer (the store writer thread), so consuming goes on while a
 * batch is written; batches are pipelined, acked in order when their own commit resolves, and
 * never on a channel a failed batch held (an ack is cumulative). The prefetch bounds what is in flight.
 */
export class NotificationConsumer {
  readonly #o: NotificationConsumerOptions;
  readonly #rate = new EventRate();
  readonly #queues = new Map<string, AdoptedQueue>();
  /** The deliveries since the last flush, undecoded (the writer decodes them). */
  readonly #deliveries = new DeliveryBatcher();
  /** The last delivery per channel: acking it with `multiple` acks everything before it. */
  #unacked = new Map<Channel, ConsumeMessage>();
  #counters: ConsumerCounters = { storedTotal: 0, duplicatesTotal: 0, rejectedTotal: 0, lastMessageAt: null, rate: 0, storeError: null };
  /** Raw events stored for the deployment, counted once and then kept (retention by size). */
  #stored: number | null = null;
  /** Messages delivered and not yet settled (committed or failed): near the prefetch, a backlog is draining. */
  #inFlight = 0;
  /** Messages waiting on the broker: while there are, a backlog is draining too. */
  readonly #backlog = new QueueBacklog();
  /** Whether a delivery arrived since the queues' ready counts were last read. */
  #deliveredSinceProbe = false;
  #removers: (() => Promise<void>)[] = [];
  #periodic: PeriodicWork | undefined;
  #flushSoon: NodeJS.Immediate | undefined;
  #running = false;
  readonly #acks = new AckAfterCommit((error) => this.#o.log.error('notification commit outcome failed', { err: error }));

  constructor(options: NotificationConsumerOptions) {
    this.#o = options;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    const { session } = this.#o;
    const settings = this.#o.settings();
    for (const queue of settings.queues) {
      this.#removers.push(
        session.addSetup(setupName(queue), async (channel, connection) => {
          const adopted = await adoptQueue(connection, channel, queue, settings.exchanges, settings.durableQueues);
          this.#queues.set(queue, adopted);
          this.#backlog.watch(queue, connection);
          this.#o.log.info('notification queue ready', { queue, origin: adopted.origin, durable: adopted.durable, messages: adopted.messages });
          await channel.prefetch(NOTIFICATION_PREFETCH);
          await channel.consume(queue, (message) => this.#onMessage(queue, channel, message), { noAck: false });
          this.#o.onChange();
        }),
      );
    }
    const periodic = new PeriodicWork((error) => this.#o.log.error('notification consumer periodic work failed', { err: error }));
    this.#periodic = periodic;
    periodic.every(FLUSH_MS, () => this.#flush());
    periodic.every(BACKLOG_PROBE_MS, () => {
      if (!this.#deliveredSinceProbe) return;
      this.#deliveredSinceProbe = false;
      void this.#backlog.probe(this.#o.now);
    });
    periodic.every(RETENTION_MS, () => this.#retain());
  }

  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    await this.#periodic?.stop();
    if (this.#flushSoon) clearImmediate(this.#flushSoon);
    // Commit and ack what arrived while the channels are still open; the rest is redelivered.
    this.#flush();
    await this.#acks.settled();
    for (const remove of this.#removers.splice(0)) await remove();
  }

  counters(): ConsumerCounters {
    return { ...this.#counters, rate: this.#rate.perSecond(this.#o.now()) };
  }

  queue(name: string): AdoptedQueue | undefined {
    return this.#queues.get(name);
  }

  #onMessage(queue: string, channel: Channel, message: ConsumeMessage | null): void {
    if (!message) {
      // The broker cancelled the consumer (the queue was deleted): a new channel re-adopts it.
      this.#o.log.warn('the broker cancelled a notification consumer; setting the queue up again', { queue });
      void channel.close().catch(() => {});
      return;
    }
    const now = this.#o.now();
    const { exchange, routingKey } = message.fields;
    this.#deliveries.add(message.content, { exchange, queue, routingKey }, now);
    this.#counters.lastMessageAt = now;
    this.#inFlight += 1;
    this.#deliveredSinceProbe = true;
    this.#rate.add(1, now);
    this.#unacked.set(channel, message);
    if ((this.#deliveries.count >= FLUSH_AT || this.#deliveries.bytes >= FLUSH_AT_BYTES) && !this.#flushSoon) {
      this.#flushSoon = setImmediate(() => {
        this.#flushSoon = undefined;
        this.#flush();
      });
    }
  }

  #flush(): void {
    if (this.#unacked.size === 0) return;
    const received = this.#deliveries.count;
    // The broker is sending as fast as credit allows, or has more waiting than it sent: the writer
    // leaves derivations for later.
    const backlog = this.#inFlight >= NOTIFICATION_PREFETCH / 2 || this.#backlog.holdsBacklog(this.#o.now());
    const batch = { deploymentId: this.#o.deploymentId, deliveries: this.#deliveries.take(), backlog };
    const unacked = this.#unacked;
    this.#unacked = new Map();
    // The outcome keeps counts, not the batch: once posted to the writer, its arrays are garbage
    // on this thread, and kept until the commit they would be copied to the old generation.
    const settle = () => (this.#inFlight -= received);
    this.#acks.submit(this.#o.writer.write(batch), unacked, {
      committed: ({ stored, rejected }) => {
        settle();
        this.#counters.storeError = null;
        this.#counters.storedTotal += stored;
        if (this.#stored !== null) this.#stored += stored;
        this.#counters.duplicatesTotal += received - rejected - stored;
        this.#counters.rejectedTotal += rejected;
        this.#o.onChange();
      },
      failed: (error) => {
        settle();
        this.#counters.storeError = `Could not write to the store: ${(error as Error).message}. The notifications will be delivered again.`;
        this.#o.log.error('notification batch not committed', { deploymentId: this.#o.deploymentId, err: error });
        this.#o.onChange();
      },
    });
  }

  async #retain(): Promise<void> {
    const { retention } = this.#o.settings();
    const { store, deploymentId } = this.#o;
    const cutoffUs = (this.#o.now() - retention.maxAgeHours * 3_600_000) * 1000;
    this.#stored ??= store.storedCount(deploymentId);
    let removed = 0;
    for (let i = 0; i < RETENTION_CHUNKS && this.#running; i++) {
      if (i > 0) await yieldToIngest();
      const over = this.#stored - retention.maxEvents;
      const deleted = over > 0 ? store.trimOldest(deploymentId, Math.min(over, RETENTION_CHUNK)) : store.trimOlderThan(deploymentId, cutoffUs, RETENTION_CHUNK);
      this.#stored -= deleted;
      removed += deleted;
      if (deleted === 0) break;
    }
    if (removed > 0) this.#o.log.info('notification retention removed raw events', { deploymentId: this.#o.deploymentId, removed });
  }
}

/** Lets deliveries and commit outcomes that arrived meanwhile run before the next chunk. */
const yieldToIngest = () => new Promise<void>((resolve) => setImmediate(resolve));
