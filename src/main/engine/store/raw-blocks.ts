import zlib from 'node:zlib';

/**
 * Raw notifications are stored as they came off the wire, many to a compressed block
 * (`nova_raw_blocks`, migration 010), not one text row each. Consecutive notifications share
 * most of their text (keys, publishers, flavors, image metadata), so a block of a hundred
 * compresses about tenfold where a single message barely compresses; and one block row per
 * hundred events spares the writer thread a row insert per event and most of the pages it
 * wrote at each commit (raw text was a third of what a notification cost to store).
 *
 * Blocks are built and compressed on the engine's thread as messages arrive, so the writer only
 * stores bytes. Reading one event decompresses its block: about 0.15 ms for 128 notifications.
 */

/** A block is sealed at this many messages or bytes (before compression), whichever comes first. */
export const BLOCK_MESSAGES = 128;
export const BLOCK_BYTES = 256 * 1024;

export type RawCodec = 'zstd' | 'deflate';

// zstd (Node >= 22.15) compresses these blocks about as well as deflate at half the CPU; deflate
// stays readable everywhere, so a store written by a Node without zstd opens anywhere.
const hasZstd = typeof zlib.zstdCompressSync === 'function';
export const WRITE_CODEC: RawCodec = hasZstd ? 'zstd' : 'deflate';

export function compressBlock(bytes: Buffer, codec: RawCodec = WRITE_CODEC): Buffer {
  return codec === 'zstd' ? zlib.zstdCompressSync(bytes, { params: { [zlib.constants.ZSTD_c_compressionLevel]: 1 } }) : zlib.deflateRawSync(bytes, { level: 1 });
}

export function decompressBlock(body: Uint8Array, codec: string): Buffer {
  if (codec === 'zstd') {
    if (!hasZstd) throw new Error('This store holds zstd-compressed notifications, and this Node has no zstd (it needs Node 22.15 or later).');
    return zlib.zstdDecompressSync(body);
  }
  if (codec === 'deflate') return zlib.inflateRawSync(body);
  throw new Error(`Unknown raw block codec "${codec}".`);
}

/** Where one message's bytes lie: its block (by position in the batch) and its place in it. */
export interface RawSlice {
  block: number;
  offset: number;
  size: number;
}

/** A sealed block as it crosses to the writer thread. */
export interface PackedBlock {
  codec: RawCodec;
  body: Uint8Array;
}

/**
 * Gathers message bodies into blocks and compresses each one as it fills. Bodies are copied in
 * (amqplib's may share a larger socket buffer), so nothing of a message outlives its block.
 */
export class RawBlockPacker {
  #sealed: PackedBlock[] = [];
  #parts: Buffer[] = [];
  #bytes = 0;

  add(body: Buffer): RawSlice {
    if (this.#parts.length >= BLOCK_MESSAGES || (this.#bytes > 0 && this.#bytes + body.length > BLOCK_BYTES)) this.#seal();
    const slice = { block: this.#sealed.length, offset: this.#bytes, size: body.length };
    this.#parts.push(body);
    this.#bytes += body.length;
    return slice;
  }

  /** The blocks so far (the open one sealed); the packer starts afresh, its next slice in block 0. */
  take(): PackedBlock[] {
    this.#seal();
    const blocks = this.#sealed;
    this.#sealed = [];
    return blocks;
  }

  #seal(): void {
    if (this.#parts.length === 0) return;
    // concat copies: the block no longer refers to the message buffers.
    this.#sealed.push({ codec: WRITE_CODEC, body: compressBlock(Buffer.concat(this.#parts, this.#bytes)) });
    this.#parts = [];
    this.#bytes = 0;
  }
}

/**
 * The notification itself, as text, from the wire body kept in a block: a v2 body is the
 * oslo.messaging envelope, whose "oslo.message" string is the notification.
 */
export function notificationText(body: Buffer, format: 'v1' | 'v2'): string {
  const text = body.toString('utf8');
  if (format === 'v1') return text;
  const envelope = JSON.parse(text) as { 'oslo.message'?: unknown };
  return typeof envelope['oslo.message'] === 'string' ? envelope['oslo.message'] : text;
}
