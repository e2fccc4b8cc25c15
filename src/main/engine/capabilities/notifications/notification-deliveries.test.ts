import { describe, expect, it } from 'vitest';
import { DeliveryRing, releaseRing } from './delivery-ring.ts';
import { DeliveryBatcher, decodeDeliveries, settleDeliveries, type DeliveryOrigin, type NotificationDeliveries } from './notification-deliveries.ts';

const ORIGIN: DeliveryOrigin = { exchange: 'nova', queue: 'monitor.info', routingKey: 'monitor.info' };

const notification = (n: number, padding = 0) =>
  Buffer.from(JSON.stringify({ message_id: `m-${n}`, publisher_id: 'compute.host1', event_type: 'compute.instance.update', timestamp: '2026-11-23 10:00:00', pad: 'x'.repeat(padding) }));

/** Each delivery's body as the writer's thread reads it. */
const bodiesOf = (d: NotificationDeliveries) => Array.from(d.ends, (end, i) => Buffer.from(d.bytes.subarray(d.starts[i], end)).toString());

describe('DeliveryRing', () => {
  it('never splits a body across its end, and has room again once a batch is released', () => {
    const ring = new DeliveryRing(10);
    expect(ring.write(Buffer.from('abcd'))).toBe(0);
    expect(ring.write(Buffer.from('efgh'))).toBe(4);
    // 2 bytes left before the end, 2 free in all: no room for 3.
    expect(ring.write(Buffer.from('ijk'))).toBe(-1);
    releaseRing({ ring: ring.buffer, through: 4 });
    // The tail (8-9) is skipped; the body goes to the start, where 'abcd' was.
    expect(ring.write(Buffer.from('ijk'))).toBe(0);
    expect(ring.written).toBe(13);
    expect(Buffer.from(ring.data.subarray(0, 3)).toString()).toBe('ijk');
    expect(Buffer.from(ring.data.subarray(4, 8)).toString()).toBe('efgh');
    // A body larger than the ring never fits.
    releaseRing({ ring: ring.buffer, through: 13 });
    expect(ring.write(Buffer.alloc(11))).toBe(-1);
  });
});

describe('DeliveryBatcher', () => {
  it('hands the writer views of its ring, and every body comes back exactly, lap after lap', () => {
    const batcher = new DeliveryBatcher(4096);
    let n = 0;
    for (let round = 0; round < 20; round++) {
      const sent = Array.from({ length: 5 }, () => notification(n++, (n * 37) % 300));
      for (const body of sent) batcher.add(body, ORIGIN, 1);
      const batch = batcher.take();
      // Shared, not copied: the writer reads the consumer's ring.
      expect(batch.bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(bodiesOf(batch)).toEqual(sent.map((b) => b.toString()));
      const decoded = decodeDeliveries(batch);
      expect(decoded.blocks.flatMap((b) => b.messageIds)).toEqual(sent.map((_, i) => `m-${n - 5 + i}`));
      expect(Buffer.from(decoded.blocks[0]!.bodies).toString()).toBe(sent.map((b) => b.toString()).join(''));
      settleDeliveries(batch);
    }
  });

  it('copies a batch out when the ring is full, and the ring is used again once the writer releases it', () => {
    const batcher = new DeliveryBatcher(1024);
    const first = Array.from({ length: 3 }, (_, i) => notification(i, 200));
    for (const body of first) batcher.add(body, ORIGIN, 1);
    const held = batcher.take();
    // The writer has not released the first batch: the second's bodies do not all fit.
    const second = Array.from({ length: 3 }, (_, i) => notification(10 + i, 200));
    for (const body of second) batcher.add(body, ORIGIN, 2);
    const copied = batcher.take();
    expect(copied.bytes.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    expect(bodiesOf(copied)).toEqual(second.map((b) => b.toString()));
    expect(decodeDeliveries(copied).blocks[0]!.messageIds).toEqual(['m-10', 'm-11', 'm-12']);
    expect(bodiesOf(held)).toEqual(first.map((b) => b.toString()));
    settleDeliveries(held);
    settleDeliveries(copied);
    const third = [notification(20, 200)];
    batcher.add(third[0]!, ORIGIN, 3);
    const again = batcher.take();
    expect(again.bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(bodiesOf(again)).toEqual(third.map((b) => b.toString()));
  });

  it('keeps a poisoned body apart, with its reason, between good ones', () => {
    const batcher = new DeliveryBatcher(4096);
    batcher.add(notification(1), ORIGIN, 1);
    batcher.add(Buffer.from('{not json'), { ...ORIGIN, queue: 'monitor.error' }, 2);
    batcher.add(notification(2), ORIGIN, 3);
    const decoded = decodeDeliveries(batcher.take());
    expect(decoded.blocks.flatMap((b) => b.messageIds)).toEqual(['m-1', 'm-2']);
    expect(decoded.rejected).toEqual([expect.objectContaining({ queue: 'monitor.error', receivedAt: 2, reason: expect.stringMatching(/not JSON/) })]);
    expect(Buffer.from(decoded.rejected[0]!.body).toString()).toBe('{not json');
    // The block's bodies are the two good ones, joined though the bad one lay between them.
    expect(Buffer.from(decoded.blocks[0]!.bodies).toString()).toBe(notification(1).toString() + notification(2).toString());
  });
});
