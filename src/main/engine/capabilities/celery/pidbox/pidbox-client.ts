import { randomUUID } from 'node:crypto';
import type { Channel, ConsumeMessage } from 'amqplib';
import { LamportClock } from './lamport-clock.ts';
import { PendingCall } from './pending-call.ts';
import type { PidboxResult } from './pending-call.ts';
import { ReplyAttachment } from './reply-attachment.ts';
import { DEFAULT_NAMESPACE, decodeReply, encodeRequest, replyExchange, requestExchange } from './wire.ts';
import type { Matcher, PidboxRequest } from './wire.ts';

export interface PidboxClientOptions {
  /** The workers' `control_exchange` setting. Default 'celery'. */
  namespace?: string;
  /** x-expires of the reply queue. Default 10 s, Celery's control_queue_expires. */
  replyQueueExpiresMs?: number;
  /** x-message-ttl of the reply queue. Default 300 s, Celery's control_queue_ttl. */
  replyQueueMessageTtlMs?: number;
}

export interface PidboxCallOptions {
  arguments?: Record<string, unknown>;
  /** Node names (e.g. 'celery@web1') that should act; null or absent broadcasts to all. */
  destination?: string[] | null;
  /** Instead of a destination: workers whose name matches act (kombu needs a matcher with it). */
  pattern?: string;
  matcher?: Matcher;
  /** Total time to wait for replies. Default 1.0 s, as `celery inspect`. */
  timeoutSeconds?: number;
  /** false sends a cast: no ticket, no reply_to, resolves as soon as it is published. */
  reply?: boolean;
  /** Stop collecting after this many workers answered. Defaults to the destination's length. */
  limit?: number;
}

const DEFAULT_TIMEOUT_SECONDS = 1.0;

/**
 * Celery remote control over AMQP: publishes pidbox requests and gathers the replies.
 *
 * Lifecycle: attach(channel) after every (re)connect, with that connection's channel; calls
 * go through the latest attachment. When that channel dies the calls in flight fail at once
 * and new calls fail until the next attach(). The client never opens channels itself.
 */
export class PidboxClient {
  readonly namespace: string;
  #expiresMs: number;
  #messageTtlMs: number;
  #clock = new LamportClock();
  #current: ReplyAttachment | undefined;
  #attachments = new Set<ReplyAttachment>();
  #pending = new Map<string, PendingCall>();
  #lostReason: string | undefined;

  constructor(options: PidboxClientOptions = {}) {
    this.namespace = options.namespace ?? DEFAULT_NAMESPACE;
    this.#expiresMs = options.replyQueueExpiresMs ?? 10_000;
    this.#messageTtlMs = options.replyQueueMessageTtlMs ?? 300_000;
  }

  /** True when a channel is attached and its reply queue is being consumed. */
  get attached(): boolean {
    return this.#current !== undefined && this.#current.lost === undefined;
  }

  /** The current reply queue's name, for diagnostics. */
  get replyQueue(): string | undefined {
    return this.#current?.queue;
  }

  /** Calls waiting for replies. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /**
   * Declares the pidbox exchanges and a reply queue on `channel` and consumes it. Idempotent
   * per channel; a different channel replaces the previous one (calls already in flight there
   * keep collecting until they end, if that channel is still alive).
   */
  attach(channel: Channel): Promise<void> {
    const current = this.#current;
    if (current?.channel === channel && current.lost === undefined) return current.open();
    current?.retire();
    // Retired attachments report themselves lost ('detached') once drained: forget those.
    for (const old of this.#attachments) if (old.lost !== undefined) this.#attachments.delete(old);
    const attachment = new ReplyAttachment(
      channel,
      randomUUID(),
      { namespace: this.namespace, expiresMs: this.#expiresMs, messageTtlMs: this.#messageTtlMs },
      { onReply: (message) => this.#onReply(message), onLost: (lost, reason) => this.#onLost(lost, reason) },
    );
    this.#current = attachment;
    this.#attachments.add(attachment);
    this.#lostReason = undefined;
    return attachment.open();
  }

  /** Fails every call in flight and stops consuming. attach() may be called again later. */
  async detach(): Promise<void> {
    const attachments = [...this.#attachments];
    this.#current = undefined;
    this.#lostReason = 'the remote-control client was detached';
    for (const attachment of attachments) {
      for (const call of [...attachment.calls]) call.fail(new Error(`Remote control "${call.method}" was abandoned: the client was detached.`));
      attachment.retire();
    }
    this.#attachments.clear();
  }

  async call(method: string, options: PidboxCallOptions = {}): Promise<PidboxResult> {
    const timeoutSeconds = options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
    checkCallOptions(method, options, timeoutSeconds);
    const attachment = await this.#usableAttachment(method);
    const wantsReply = options.reply ?? true;
    const destination = options.destination ?? null;
    const ticket = wantsReply ? randomUUID() : undefined;
    const request: PidboxRequest = {
      method,
      arguments: options.arguments ?? {},
      destination,
      pattern: options.pattern ?? null,
      // kombu only matches when both pattern and matcher are set; a lone pattern would broadcast.
      matcher: options.pattern === undefined ? null : (options.matcher ?? 'glob'),
      ...(ticket === undefined ? {} : { ticket, reply_to: { exchange: replyExchange(this.namespace), routing_key: attachment.oid } }),
    };
    const started = Date.now();
    let call: PendingCall | undefined;
    if (ticket !== undefined) {
      // Registered before publishing: a nearby worker can answer before publish() returns.
      call = new PendingCall({
        ticket,
        method,
        destination,
        limit: options.limit ?? (destination ? destination.length : undefined),
        timeoutMs: timeoutSeconds * 1000,
        onSettled: (settled) => {
          this.#pending.delete(settled.ticket);
          attachment.settled(settled);
        },
      });
      this.#pending.set(ticket, call);
      attachment.calls.add(call);
    }
    const { body, headers } = encodeRequest(request, this.#clock.forward(), Date.now() / 1000 + timeoutSeconds);
    try {
      attachment.channel.publish(requestExchange(this.namespace), '', body, {
        contentType: 'application/json',
        contentEncoding: 'utf-8',
        headers,
        // Transient like kombu's replies: the exchange and every pidbox queue are non-durable anyway.
        deliveryMode: 1,
      });
    } catch (error) {
      const failure = new Error(`Cannot send remote control "${method}": ${(error as Error).message}`, { cause: error });
      call?.fail(failure);
      throw failure;
    }
    if (call === undefined) return { replies: {}, missing: [], duplicates: [], elapsedMs: Date.now() - started };
    return call.promise;
  }

  async #usableAttachment(method: string): Promise<ReplyAttachment> {
    const attachment = this.#current;
    if (attachment === undefined) throw this.#notAttached(method);
    // attach() may still be declaring; a failure there is the caller's answer too.
    await attachment.open();
    if (attachment.lost !== undefined) throw this.#notAttached(method);
    return attachment;
  }

  #notAttached(method: string): Error {
    const why = this.#lostReason ?? 'no broker channel has been attached yet';
    return new Error(`Cannot send remote control "${method}": not connected to the broker (${why}).`);
  }

  #onReply(message: ConsumeMessage): void {
    const decoded = decodeReply(message);
    // Unusable or late replies (their call already timed out) are dropped, as kombu does.
    if ('rejected' in decoded) return;
    this.#clock.adjust(decoded.clock);
    this.#pending.get(decoded.ticket)?.add(decoded.replies);
  }

  #onLost(attachment: ReplyAttachment, reason: string): void {
    this.#attachments.delete(attachment);
    if (this.#current === attachment) {
      this.#current = undefined;
      this.#lostReason = reason;
    }
    for (const call of [...attachment.calls]) {
      const got = call.replyCount === 1 ? '1 reply' : `${call.replyCount} replies`;
      call.fail(new Error(`Remote control "${call.method}" was cut off after ${got}: ${reason}.`));
    }
  }
}

function checkCallOptions(method: string, options: PidboxCallOptions, timeoutSeconds: number): void {
  if (method.trim() === '') throw new Error('A remote control command needs a method name.');
  if (!(timeoutSeconds > 0 && Number.isFinite(timeoutSeconds))) {
    throw new Error(`Remote control "${method}": the timeout must be a positive number of seconds, not ${timeoutSeconds}.`);
  }
  // kombu tests `if destination:`, so an empty list reaches every worker: refuse it.
  if (options.destination?.length === 0) {
    throw new Error(`Remote control "${method}": the destination list is empty (pass null to address every worker).`);
  }
  if (options.limit !== undefined && !(Number.isInteger(options.limit) && options.limit > 0)) {
    throw new Error(`Remote control "${method}": the limit must be a positive whole number, not ${options.limit}.`);
  }
}
