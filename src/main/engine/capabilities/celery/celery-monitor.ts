import type { Channel, ConsumeMessage } from 'amqplib';
import type { CelerySettings } from '../../../../shared/domain/settings.ts';
import type { AmqpSession } from '../../kernel/amqp/amqp-session.ts';
import type { Logger } from '../../kernel/logging/logger.ts';
import type { CameraWrite, CeleryBatchWriter } from './store/celery-batch-writer.ts';
import type { CeleryStore, RejectedMessage } from './store/celery-store.ts';
import { EventTally, shoot } from './camera.ts';
import { CeleryState, decodeCeleryMessage, workerStatus } from './events/index.ts';
import { declareEventQueue, EVENT_PREFETCH, eventQueueName } from './event-queue.ts';
import { EventRate } from '../../kernel/event-rate.ts';
import { AckAfterCommit } from '../../kernel/amqp/ack-after-commit.ts';
import { PeriodicWork } from '../../kernel/periodic-work.ts';
import type { PidboxClient } from './pidbox/index.ts';

/** Commit (and then ack) at least this often, and sooner when half the prefetch window is pending. */
const FLUSH_MS = 100;
const FLUSH_AT = EVENT_PREFETCH / 2;
const LIVENESS_MS = 1_000;
const SNAPSHOT_CLEANUP_MS = 60_000;

export interface CeleryMonitorOptions {
  deploymentId: number;
  installId: string;
  session: AmqpSession;
  pidbox: PidboxClient;
  /** Reads: live state rehydrated on start, counters. */
  store: CeleryStore;
  /** Commits each flush's batch (camera shots included); resolves once committed, in order. */
  writer: CeleryBatchWriter;
  /** Read on every tick, so camera and retention changes apply without reconnecting. */
  settings: () => CelerySettings;
  log: Logger;
  now: () => number;
  /** Called after each commit that changed something, and when a worker's liveness flips. */
  onChange: () => void;
}

export interface MonitorCounters {
  eventsTotal: number;
  rejectedTotal: number;
  lastEventAt: number | null;
  rate: number;
  storeError: string | null;
}

/**
 * One deployment's Celery event stream: consume -> decode -> reduce (bounded) -> commit in
 * batches -> ack. A message is acked only once everything it changed is committed; if a
 * commit fails, the channel is closed so the broker redelivers every unacked message.
 *
 * Commits run on the writer (a thread of their own), so consuming goes on while a batch is
 * written: batches are pipelined, committed in order, and each is acked when its own commit
 * resolves. The prefetch window bounds how much can be in flight.
 */
export class CeleryMonitor {
  readonly #o: CeleryMonitorOptions;
  readonly #state: CeleryState;
  readonly #rate = new EventRate();
  readonly #sinceShot = new EventTally();
  readonly #rejected: RejectedMessage[] = [];
  #lastMessage: { channel: Channel; message: ConsumeMessage } | undefined;
  #pending = 0;
  #eventsTotal = 0;
  #rejectedTotal = 0;
  #lastEventAt: number | null = null;
  #storeError: string | null = null;
  #onlineCount = -1;
  #removers: (() => Promise<void>)[] = [];
  #periodic: PeriodicWork | undefined;
  #flushSoon: NodeJS.Immediate | undefined;
  /** Camera work for the next batch. */
  #camera: CameraWrite | undefined;
  #running = false;
  readonly #acks = new AckAfterCommit((error) => this.#o.log.error('celery commit outcome failed', { err: error }));

  constructor(options: CeleryMonitorOptions) {
    this.#o = options;
    const { memory } = options.settings();
    this.#state = new CeleryState({ maxTasks: memory.maxTasks, maxWorkers: memory.maxWorkers });
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    const { store, deploymentId, session, pidbox } = this.#o;
    const settings = this.#o.settings();
    const stored = store.loadRecent(deploymentId, settings.memory.maxTasks);
    this.#state.load(stored.tasks, stored.workers);
    this.#rejectedTotal = store.rejectedCount(deploymentId);
    const queue = eventQueueName(this.#o.installId, deploymentId);
    this.#removers.push(
      session.addSetup('celery events', async (channel, connection) => {
        const { durableQueue, queueMaxLength, queueTtlSeconds } = settings;
        const declared = await declareEventQueue(channel, connection, queue, { durable: durableQueue, maxLength: queueMaxLength, ttlSeconds: queueTtlSeconds });
        if (declared.replacedWithWaiting !== null) {
          this.#o.log.warn('the Celery event queue was declared with another type or limits: it was deleted and declared anew', {
            queue,
            type: durableQueue ? 'quorum' : 'classic',
            eventsDropped: declared.replacedWithWaiting,
          });
        }
        await channel.consume(queue, (message) => this.#onMessage(channel, message), { noAck: false });
      }),
      session.addSetup('celery remote control', async (channel) => {
        await pidbox.attach(channel);
        // Like `celery events`: ask every worker for a heartbeat now, so they show up at once.
        await pidbox.call('heartbeat', { reply: false });
        if (settings.enableEventsInterval !== null) await pidbox.call('enable_events', { reply: false });
      }),
    );
    const periodic = new PeriodicWork((error) => this.#o.log.error('celery monitor periodic work failed', { err: error }));
    this.#periodic = periodic;
    periodic.every(FLUSH_MS, () => this.#flush());
    periodic.every(LIVENESS_MS, () => this.#checkLiveness());
    periodic.every(() => this.#o.settings().camera.frequency * 1000, () => this.#shoot());
    periodic.every(SNAPSHOT_CLEANUP_MS, () => this.#trimSnapshots());
    const interval = settings.enableEventsInterval;
    if (interval !== null) periodic.every(interval * 1000, () => this.#enableEvents());
  }

  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    await this.#periodic?.stop();
    if (this.#flushSoon) clearImmediate(this.#flushSoon);
    // Commit and ack what was received while the channel is still open; anything arriving after
    // this is simply redelivered next time.
    this.#flush();
    await this.#acks.settled();
    for (const remove of this.#removers.splice(0)) await remove();
  }

  counters(): MonitorCounters {
    const now = this.#o.now();
    return {
      eventsTotal: this.#eventsTotal,
      rejectedTotal: this.#rejectedTotal,
      lastEventAt: this.#lastEventAt,
      rate: this.#rate.perSecond(now),
      storeError: this.#storeError,
    };
  }

  #onMessage(channel: Channel, message: ConsumeMessage | null): void {
    if (!message) {
      // The broker cancelled our consumer (the queue was deleted): close the channel so the
      // session runs this setup again, re-declaring the queue.
      this.#o.log.warn('the broker cancelled the Celery event consumer; re-declaring the queue');
      void channel.close().catch(() => {});
      return;
    }
    const now = this.#o.now();
    const { content, properties, fields } = message;
    const decoded = decodeCeleryMessage(
      { content, contentType: properties.contentType as string | undefined, contentEncoding: properties.contentEncoding as string | undefined, routingKey: fields.routingKey },
      now,
    );
    for (const event of decoded.events) this.#state.apply(event);
    if (decoded.rejected.length > 0) {
      this.#rejectedTotal += 1;
      this.#rejected.push({
        receivedAt: now,
        routingKey: fields.routingKey,
        contentType: (properties.contentType as string | undefined) ?? null,
        reason: decoded.rejected.map((r) => (r.index === undefined ? r.reason : `event #${r.index}: ${r.reason}`)).join('; '),
        body: content,
      });
    }
    this.#eventsTotal += decoded.events.length;
    if (decoded.events.length > 0) this.#lastEventAt = now;
    this.#rate.add(decoded.events.length, now);
    this.#lastMessage = { channel, message };
    this.#pending += 1;
    if (this.#pending >= FLUSH_AT && !this.#flushSoon) {
      this.#flushSoon = setImmediate(() => {
        this.#flushSoon = undefined;
        this.#flush();
      });
    }
  }

  #flush(): void {
    if (this.#pending === 0 && this.#state.dirtyCount === 0 && this.#rejected.length === 0 && !this.#camera) return;
    const dirty = this.#state.drainDirty();
    this.#sinceShot.add(dirty.events);
    const camera = this.#camera;
    this.#camera = undefined;
    const batch = { deploymentId: this.#o.deploymentId, tasks: dirty.tasks, workers: dirty.workers, rejected: this.#rejected.splice(0), camera };
    const last = this.#lastMessage;
    this.#lastMessage = undefined;
    this.#pending = 0;
    const commit = batch.tasks.length + batch.workers.length + batch.rejected.length > 0 || camera ? this.#o.writer.write(batch) : Promise.resolve();
    this.#acks.submit(commit, new Map(last ? [[last.channel, last.message]] : []), {
      committed: () => {
        this.#storeError = null;
        this.#o.onChange();
      },
      failed: (error) => {
        this.#storeError = `Could not write to the store: ${(error as Error).message}. The events will be delivered again.`;
        this.#o.log.error('celery batch not committed', { deploymentId: this.#o.deploymentId, err: error });
      },
    });
  }

  #checkLiveness(): void {
    const now = this.#o.now();
    let online = 0;
    for (const worker of this.#state.workers()) if (workerStatus(worker, now) === 'online') online += 1;
    if (online !== this.#onlineCount) {
      this.#onlineCount = online;
      this.#o.onChange();
    }
  }

  /** A camera shot, stored with the next batch; skipped when nothing happened since the last one. */
  #shoot(): void {
    if (this.#sinceShot.total === 0) return;
    const now = this.#o.now();
    this.#camera = { ...this.#camera, shot: { takenAt: now, data: shoot(this.#state, this.#sinceShot, now) } };
    this.#flush();
  }

  #trimSnapshots(): void {
    const { camera } = this.#o.settings();
    this.#camera = { ...this.#camera, trim: { before: this.#o.now() - camera.maxAgeHours * 3_600_000, maxCount: camera.maxCount } };
    this.#flush();
  }

  #enableEvents(): void {
    this.#o.pidbox.call('enable_events', { reply: false }).catch((error: unknown) => {
      this.#o.log.debug('enable_events not sent', { err: error });
    });
  }
}
