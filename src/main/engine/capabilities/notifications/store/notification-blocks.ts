import type { DecodedNotification } from '../decode-notification.ts';
import { decompressBlock } from './raw-blocks.ts';
import { notificationValues, type NotificationOrigin, type NotificationValues } from './notification-values.ts';

/** A block is sealed at this many messages or bytes of bodies, whichever comes first. */
export const BLOCK_MESSAGES = 128;
export const BLOCK_BYTES = 256 * 1024;

/**
 * Consecutive notifications of one deployment as they are committed (`nova_raw_blocks`,
 * migration 010): one row for up to BLOCK_MESSAGES events instead of a row and four index
 * entries each. The writer commits the block and each event's message key (so a redelivery is
 * known) and the broker's messages are acked; each event's own row is written behind, by the
 * writer's pass (notification-writes.ts). Packed and compressed on the writer's thread, which
 * decodes the deliveries the engine's thread posts (notification-deliveries.ts): while a backlog
 * drains, amqplib's framing alone keeps the engine's thread busy.
 */
export interface NotificationBlock {
  /** The wire bodies, concatenated (compressed when stored). */
  bodies: Uint8Array;
  /** Each event's column values (notification-values.ts). */
  values: NotificationValues[];
  /** Each event's message id, in order: what duplicates are decided by. */
  messageIds: string[];
}

/** The blocks whose rows are still to be written (a WHERE on nova_raw_blocks): past the written mark. */
export const NOT_YET_WRITTEN = 'first_event_id > (SELECT through_event_id FROM nova_derived)';

export function blockValues(codec: string, values: Uint8Array): NotificationValues[] {
  const all = JSON.parse(decompressBlock(values, codec).toString('utf8')) as unknown[][];
  // Blocks committed before migration 012 and not yet written hold 22 values: skewed_at_us is null.
  for (const row of all) if (row.length === 22) row.push(null);
  return all as unknown as NotificationValues[];
}

/**
 * Gathers decoded notifications and their bodies into blocks, until they are committed: a block's
 * bodies may be a view of the buffer they were decoded from (see #joinedParts), so a block is for
 * the commit at hand, never to keep.
 */
export class NotificationBlockPacker {
  #sealed: NotificationBlock[] = [];
  #parts: Buffer[] = [];
  #values: NotificationValues[] = [];
  #messageIds: string[] = [];
  #bytes = 0;
  #count = 0;

  add(notification: DecodedNotification, origin: NotificationOrigin, body: Buffer): void {
    if (this.#parts.length >= BLOCK_MESSAGES || (this.#bytes > 0 && this.#bytes + body.length > BLOCK_BYTES)) this.#seal();
    this.#values.push(notificationValues(notification, origin, { offset: this.#bytes, size: body.length }));
    this.#messageIds.push(notification.messageId);
    this.#parts.push(body);
    this.#bytes += body.length;
    this.#count += 1;
  }

  /** Events added since the last `take`. */
  get count(): number {
    return this.#count;
  }

  /** The blocks so far (the open one sealed); the packer starts afresh. */
  take(): NotificationBlock[] {
    this.#seal();
    const blocks = this.#sealed;
    this.#sealed = [];
    this.#count = 0;
    return blocks;
  }

  #seal(): void {
    if (this.#parts.length === 0) return;
    this.#sealed.push({ bodies: this.#joinedParts(), values: this.#values, messageIds: this.#messageIds });
    this.#parts = [];
    this.#values = [];
    this.#messageIds = [];
    this.#bytes = 0;
  }

  /**
   * The block's bodies in one buffer. Bodies that already lie one after the other in one buffer
   * (a batch's, read from the consumer's ring) are a view of it, not a copy: the block is
   * compressed in the commit, before that buffer is given back. Any others are copied together.
   */
  #joinedParts(): Buffer {
    const first = this.#parts[0]!;
    let end = first.byteOffset;
    for (const part of this.#parts) {
      if (part.buffer !== first.buffer || part.byteOffset !== end) return Buffer.concat(this.#parts, this.#bytes);
      end += part.length;
    }
    return Buffer.from(first.buffer, first.byteOffset, this.#bytes);
  }
}
