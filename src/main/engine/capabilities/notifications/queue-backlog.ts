import type { ChannelModel } from 'amqplib';
import { probe } from './adopt-queue.ts';

/** Ready messages in a queue from which on it holds a backlog: more than one flush waits on the broker. */
export const BACKLOG_READY = 1000;
/** A reading older than this says nothing any more (the consumer probes every 250 ms while deliveries arrive). */
const READING_MS = 1000;

interface Reading {
  ready: number;
  at: number;
}

/**
 * Whether a deployment's notification queues hold a backlog: messages ready on the broker, waiting
 * for credit. While one does, the writer leaves rows and derivations for later, so the CPU goes
 * to emptying the cloud's queue (StackTach's first worry: a consumer that falls behind fills
 * Nova's queues). The count of unacked deliveries cannot tell: when the machine is busy, the broker
 * itself slows down, the deliveries in flight drop, and derivations would compete with the very
 * broker that must be drained.
 *
 * Read with a passive check on a throwaway channel (a failed check closes its channel), which costs
 * the broker a few frames: the consumer probes only while deliveries arrive.
 */
export class QueueBacklog {
  readonly #connections = new Map<string, ChannelModel>();
  readonly #readings = new Map<string, Reading>();
  #probing = false;

  /** The connection a queue is consumed on now (each setup, after a reconnect too). */
  watch(queue: string, connection: ChannelModel): void {
    this.#connections.set(queue, connection);
  }

  /** Reads every watched queue's ready count once; a queue that cannot be read keeps no reading. */
  async probe(now: () => number): Promise<void> {
    if (this.#probing) return;
    this.#probing = true;
    try {
      for (const [queue, connection] of this.#connections) {
        const found = await probe(connection, (channel) => channel.checkQueue(queue)).catch(() => undefined);
        if (found?.ok) this.#readings.set(queue, { ready: found.value.messageCount, at: now() });
        else this.#readings.delete(queue);
      }
    } finally {
      this.#probing = false;
    }
  }

  /** Whether a recent reading found at least BACKLOG_READY messages waiting in a queue. */
  holdsBacklog(now: number): boolean {
    for (const { ready, at } of this.#readings.values()) if (ready >= BACKLOG_READY && now - at <= READING_MS) return true;
    return false;
  }
}
