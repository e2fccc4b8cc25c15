import type { Channel, ConsumeMessage } from 'amqplib';
import type { PendingCall } from './pending-call.ts';
import { replyExchange, replyQueueName, requestExchange } from './wire.ts';

export interface ReplyQueueSettings {
  namespace: string;
  /** x-expires: how long the broker keeps the queue once nothing uses it. */
  expiresMs: number;
  /** x-message-ttl: replies nobody reads are dropped after this. */
  messageTtlMs: number;
}

export interface AttachmentHandlers {
  onReply: (message: ConsumeMessage) => void;
  /** The channel or the consumer died: every call published through this attachment is lost. */
  onLost: (attachment: ReplyAttachment, reason: string) => void;
}

/**
 * The pidbox topology on one channel: both exchanges plus our own reply queue, consumed.
 *
 * Each attachment gets a fresh oid, hence a fresh queue name. A stable name (kombu's oid is
 * stable per process) breaks on reconnect: the queue is exclusive, and if the broker has not
 * yet noticed the old connection died it still owns the queue, so redeclaring it fails with
 * 405 RESOURCE_LOCKED and closes the channel, which is shared with other setups.
 */
export class ReplyAttachment {
  readonly channel: Channel;
  readonly oid: string;
  readonly queue: string;
  /** Calls published through this attachment whose replies come to its queue. */
  readonly calls = new Set<PendingCall>();
  #settings: ReplyQueueSettings;
  #handlers: AttachmentHandlers;
  #opening: Promise<void> | undefined;
  #consumerTag: string | undefined;
  #lost: string | undefined;
  #lastError: string | undefined;
  #retired = false;
  #released = false;
  #onError = (error: Error): void => {
    // Recorded for the close that follows; listening also keeps a channel error from
    // becoming an uncaught 'error' event if the channel's owner has no listener.
    this.#lastError = error.message;
  };
  #onClose = (): void => {
    this.#markLost(this.#lastError ? `the broker closed the channel (${this.#lastError})` : 'the broker channel closed');
  };

  constructor(channel: Channel, oid: string, settings: ReplyQueueSettings, handlers: AttachmentHandlers) {
    this.channel = channel;
    this.oid = oid;
    this.queue = replyQueueName(oid, settings.namespace);
    this.#settings = settings;
    this.#handlers = handlers;
  }

  /** Why this attachment can no longer carry calls, or undefined while it can. */
  get lost(): string | undefined {
    return this.#lost;
  }

  open(): Promise<void> {
    this.#opening ??= this.#open();
    return this.#opening;
  }

  async #open(): Promise<void> {
    const { channel } = this;
    const { namespace, expiresMs, messageTtlMs } = this.#settings;
    channel.on('error', this.#onError);
    channel.on('close', this.#onClose);
    try {
      // Exactly kombu's flags (durable=False, auto_delete=False, no arguments): any other
      // value makes the broker answer 406 PRECONDITION_FAILED and close the channel.
      await channel.assertExchange(requestExchange(namespace), 'fanout', { durable: false, autoDelete: false });
      await channel.assertExchange(replyExchange(namespace), 'direct', { durable: false, autoDelete: false });
      await channel.assertQueue(this.queue, {
        exclusive: true,
        durable: false,
        autoDelete: true,
        arguments: { 'x-expires': expiresMs, 'x-message-ttl': messageTtlMs },
      });
      await channel.bindQueue(this.queue, replyExchange(namespace), this.oid);
      const { consumerTag } = await channel.consume(this.queue, (message) => this.#deliver(message), { noAck: true, exclusive: true });
      this.#consumerTag = consumerTag;
    } catch (error) {
      const reason = `cannot set up the reply queue ${this.queue}: ${(error as Error).message}`;
      this.#markLost(this.#lastError ? `${reason} (${this.#lastError})` : reason);
      throw new Error(`Remote control is unavailable: ${this.#lost}`, { cause: error });
    }
    // Superseded while we were declaring: nobody will publish through us.
    if (this.#retired) this.#releaseIfIdle();
  }

  #deliver(message: ConsumeMessage | null): void {
    // amqplib passes null when the broker cancels the consumer (the queue was deleted).
    if (message === null) this.#markLost('the broker cancelled the reply consumer (was the reply queue deleted?)');
    else this.#handlers.onReply(message);
  }

  /** Stop taking new calls; stop consuming once the calls in flight have settled. */
  retire(): void {
    this.#retired = true;
    this.#releaseIfIdle();
  }

  /** A call of ours settled: a retired attachment may now be idle. */
  settled(call: PendingCall): void {
    this.calls.delete(call);
    if (this.#retired) this.#releaseIfIdle();
  }

  #releaseIfIdle(): void {
    if (this.calls.size > 0 || this.#released) return;
    // Still declaring: #open() comes back here when it is done.
    if (this.#opening && this.#consumerTag === undefined && this.#lost === undefined) return;
    this.#release();
  }

  #release(): void {
    if (this.#released) return;
    this.#released = true;
    this.channel.off('error', this.#onError);
    this.channel.off('close', this.#onClose);
    const tag = this.#consumerTag;
    if (tag !== undefined && this.#lost === undefined) {
      // The queue is auto-delete, so cancelling the consumer also removes it. The channel
      // may be closing under us; that is fine, the queue goes with it.
      Promise.resolve()
        .then(() => this.channel.cancel(tag))
        .catch(() => {});
    }
    this.#lost ??= 'detached';
  }

  #markLost(reason: string): void {
    if (this.#lost !== undefined) return;
    this.#lost = reason;
    this.#handlers.onLost(this, reason);
    this.#release();
  }
}
