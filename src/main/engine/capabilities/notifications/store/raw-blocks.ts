import zlib from 'node:zlib';

// The compression of notification blocks (notification-blocks.ts): consecutive notifications
// share most of their text (keys, publishers, flavors, image metadata), so a block of a hundred
// compresses about tenfold where a single message barely compresses. Reading one event
// decompresses its block: about 0.15 ms for 128 notifications.

export type RawCodec = 'zstd' | 'deflate';

// zstd (Node >= 22.15) compresses these blocks about as well as deflate at half the CPU; deflate
// stays readable everywhere, so a store written by a Node without zstd opens anywhere.
const hasZstd = typeof zlib.zstdCompressSync === 'function';
export const WRITE_CODEC: RawCodec = hasZstd ? 'zstd' : 'deflate';

export function compressBlock(bytes: Uint8Array, codec: RawCodec = WRITE_CODEC): Buffer {
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
