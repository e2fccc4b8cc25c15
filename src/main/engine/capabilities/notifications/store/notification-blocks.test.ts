import { describe, expect, it } from 'vitest';
import { decodeNotification } from '../decode-notification.ts';
import { BLOCK_BYTES, BLOCK_MESSAGES, blockValues, NotificationBlockPacker } from './notification-blocks.ts';
import { compressBlock } from './raw-blocks.ts';

const ORIGIN = { exchange: 'nova', queue: 'monitor.info', routingKey: 'monitor.info', receivedAt: 5 };
const body = (i: number, pad = '') =>
  Buffer.from(JSON.stringify({ message_id: `m-${i}`, publisher_id: 'compute.h1', event_type: 'compute.instance.exists', timestamp: '2026-11-23 10:00:00', payload: { pad } }));
const decoded = (b: Buffer) => {
  const d = decodeNotification(b);
  if (!d.ok) throw new Error(d.reason);
  return d.notification;
};

describe('NotificationBlockPacker', () => {
  it('gives back every body exactly, with its values and message id, from whichever block it went to', () => {
    const packer = new NotificationBlockPacker();
    const bodies = Array.from({ length: BLOCK_MESSAGES * 2 + 5 }, (_, i) => body(i, 'é'.repeat(i % 7)));
    for (const b of bodies) packer.add(decoded(b), ORIGIN, b);
    expect(packer.count).toBe(bodies.length);
    const blocks = packer.take();
    expect(blocks.map((b) => b.messageIds.length)).toEqual([BLOCK_MESSAGES, BLOCK_MESSAGES, 5]);
    let i = 0;
    for (const block of blocks) {
      const bytes = block.bodies;
      block.values.forEach((values, position) => {
        const [messageId, , receivedAt, , , , , , , , , exchange] = values;
        expect([messageId, receivedAt, exchange, block.messageIds[position]]).toEqual([`m-${i}`, 5, 'nova', `m-${i}`]);
        const [offset, size] = values.slice(20, 22) as [number, number];
        expect(Buffer.from(bytes.subarray(offset, offset + size))).toEqual(bodies[i]);
        i += 1;
      });
    }
    expect(packer.count).toBe(0);
    expect(packer.take()).toEqual([]);
  });

  it('seals a block before it passes its byte limit; a body larger than that has a block of its own', () => {
    const packer = new NotificationBlockPacker();
    const big = body(2, 'x'.repeat(BLOCK_BYTES));
    for (const b of [body(1), big, body(3)]) packer.add(decoded(b), ORIGIN, b);
    expect(packer.take().map((b) => b.messageIds)).toEqual([['m-1'], ['m-2'], ['m-3']]);
  });

  it('reads a block committed before migration 012 (22 values) with skewed_at_us null', () => {
    const old = Array.from({ length: 22 }, (_, i) => i);
    const values = blockValues('deflate', compressBlock(Buffer.from(JSON.stringify([old])), 'deflate'));
    expect(values[0]).toHaveLength(23);
    expect(values[0]?.[22]).toBeNull();
  });
});
