import type { Channel, ConsumeMessage } from 'amqplib';

/** Per channel, the last delivery a batch holds: acking it with `multiple` acks all before it. */
export type LastDeliveries = ReadonlyMap<Channel, ConsumeMessage>;

export interface CommitOutcome<T> {
  committed(value: T): void;
  failed(error: unknown): void;
}

/**
 * The ack discipline of every consumer that commits in pipelined batches (Celery events,
 * notifications): a batch's deliveries are acked only once its own commit has resolved and
 * every earlier batch has been settled, so acks go out in delivery order even when commits
 * resolve out of order. A failed commit closes the channels it held so the broker redelivers,
 * and nothing more is acked on them: an ack is cumulative and would cover the lost messages.
 */
export class AckAfterCommit {
  readonly #onError: (error: unknown) => void;
  readonly #poisoned = new WeakSet<Channel>();
  #settled: Promise<void> = Promise.resolve();

  /** `onError`: an outcome handler threw (the pipeline goes on regardless). */
  constructor(onError: (error: unknown) => void) {
    this.#onError = onError;
  }

  submit<T>(commit: Promise<T>, deliveries: LastDeliveries, outcome: CommitOutcome<T>): void {
    this.#settled = Promise.all([this.#settled, commit])
      .then(
        ([, value]) => {
          for (const [channel, message] of deliveries) {
            if (this.#poisoned.has(channel)) continue;
            try {
              channel.ack(message, true);
            } catch {
              // The channel closed after the commit: the broker redelivers, and re-applying is harmless.
            }
          }
          outcome.committed(value);
        },
        (error: unknown) => {
          for (const channel of deliveries.keys()) {
            this.#poisoned.add(channel);
            void channel.close().catch(() => {});
          }
          outcome.failed(error);
        },
      )
      .catch(this.#onError);
  }

  /** Resolves once every batch submitted so far is acked or failed. */
  settled(): Promise<void> {
    return this.#settled;
  }
}
