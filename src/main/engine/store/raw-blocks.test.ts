import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BLOCK_BYTES, BLOCK_MESSAGES, compressBlock, decompressBlock, notificationText, RawBlockPacker, WRITE_CODEC } from './raw-blocks.ts';

const capture = JSON.parse(readFileSync(new URL('../../../../test/fixtures/nova/nova-notification.json', import.meta.url), 'utf8')) as {
  messages: { driver: string; body: string }[];
};

describe('raw blocks', () => {
  it('gives back every body exactly, from whichever block it went to', () => {
    const packer = new RawBlockPacker();
    const bodies = Array.from({ length: BLOCK_MESSAGES * 2 + 5 }, (_, i) => Buffer.from(`{"n":${i},"pad":"${'é'.repeat(i % 7)}"}`));
    const slices = bodies.map((body) => packer.add(body));
    const blocks = packer.take();
    expect(blocks).toHaveLength(3);
    expect(new Set(slices.map((s) => s.block))).toEqual(new Set([0, 1, 2]));
    const opened = blocks.map((b) => decompressBlock(b.body, b.codec));
    slices.forEach((s, i) => expect(opened[s.block]?.subarray(s.offset, s.offset + s.size)).toEqual(bodies[i]));
    // After take, the packer starts again at block 0.
    expect(packer.add(Buffer.from('{}')).block).toBe(0);
  });

  it('seals a block before it passes its byte limit; a body larger than that has a block of its own', () => {
    const packer = new RawBlockPacker();
    const big = Buffer.alloc(BLOCK_BYTES + 10, 'x');
    expect([packer.add(Buffer.from('a')), packer.add(big), packer.add(Buffer.from('b'))].map((s) => s.block)).toEqual([0, 1, 2]);
    expect(packer.take()).toHaveLength(3);
  });

  it('compresses consecutive captured notifications to a fraction of their size', () => {
    const bodies = Array.from({ length: 100 }, (_, i) => Buffer.from(capture.messages[i % capture.messages.length]!.body));
    const raw = Buffer.concat(bodies);
    expect(compressBlock(raw).length).toBeLessThan(raw.length / 4);
  });

  it('reads deflate blocks as well as the codec it writes', () => {
    const body = Buffer.from('{"message_id":"m-1"}');
    expect(decompressBlock(compressBlock(body, 'deflate'), 'deflate')).toEqual(body);
    expect(decompressBlock(compressBlock(body), WRITE_CODEC)).toEqual(body);
    expect(() => decompressBlock(body, 'lz4')).toThrow(/Unknown raw block codec "lz4"/);
  });

  it('keeps the notification itself: a v2 body is unwrapped from its envelope, a v1 body is the notification', () => {
    for (const message of capture.messages) {
      const text = notificationText(Buffer.from(message.body), message.driver === 'messagingv2' ? 'v2' : 'v1');
      const notification = JSON.parse(text) as Record<string, unknown>;
      expect(notification).toHaveProperty('message_id');
      expect(notification).not.toHaveProperty('oslo.message');
    }
  });
});
