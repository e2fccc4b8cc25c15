import type { DecodedNotification } from '../nova/decode-notification.ts';
import { compressBlock, decompressBlock, WRITE_CODEC, type RawCodec } from './raw-blocks.ts';
import { notificationValues, type NotificationOrigin, type NotificationValues } from './notification-values.ts';

/** A block is sealed at this many messages or bytes of bodies, whichever comes first. */
export const BLOCK_MESSAGES = 128;
export const BLOCK_BYTES = 256 * 1024;

/**
 * Consecutive notifications of one deployment as they are committed (`nova_raw_blocks`,
 * migration 010): one row for up to BLOCK_MESSAGES events instead of a row and four index
 * entries each. The writer commits the block and each event's message key (so a redelivery is
 * known) and the broker's messages are acked; each event's own row is written behind, by the
 * writer's materialization pass (notification-writes.ts). Built and compressed on the engine's
 * thread as messages arrive, so the writer only stores bytes.
 */
export interface NotificationBlock {
  codec: RawCodec;
  /** The wire bodies, concatenated, compressed. */
  body: Uint8Array;
  /** JSON of each event's column values (notification-values.ts), compressed. */
  values: Uint8Array;
  /** Each event's message id, in order: what duplicates are decided by. */
  messageIds: string[];
}

export const asBuffer = (bytes: Uint8Array): Buffer => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

export function blockValues(codec: string, values: Uint8Array): NotificationValues[] {
  return JSON.parse(decompressBlock(values, codec).toString('utf8')) as NotificationValues[];
}

/**
 * Gathers decoded notifications and their bodies into blocks, compressing each as it fills.
 * Bodies are copied in (amqplib's may share a larger socket buffer), so nothing of a message
 * outlives its block.
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
    this.#sealed.push({
      codec: WRITE_CODEC,
      // concat copies: the block no longer refers to the message buffers.
      body: compressBlock(Buffer.concat(this.#parts, this.#bytes)),
      values: compressBlock(Buffer.from(JSON.stringify(this.#values))),
      messageIds: this.#messageIds,
    });
    this.#parts = [];
    this.#values = [];
    this.#messageIds = [];
    this.#bytes = 0;
  }
}
