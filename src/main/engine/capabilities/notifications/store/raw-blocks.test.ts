import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compressBlock, decompressBlock, notificationText, WRITE_CODEC } from './raw-blocks.ts';

const capture = JSON.parse(readFileSync(new URL('../../../../../../test/fixtures/nova/nova-notification.json', import.meta.url), 'utf8')) as {
  messages: { driver: string; body: string }[];
};

describe('raw block compression', () => {
  it('compresses consecutive captured notifications to a fraction of their size', () => {
    const raw = Buffer.concat(Array.from({ length: 100 }, (_, i) => Buffer.from(capture.messages[i % capture.messages.length]!.body)));
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
      const notification = JSON.parse(notificationText(Buffer.from(message.body), message.driver === 'messagingv2' ? 'v2' : 'v1')) as Record<string, unknown>;
      expect(notification).toHaveProperty('message_id');
      expect(notification).not.toHaveProperty('oslo.message');
    }
  });
});
