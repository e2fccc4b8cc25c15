import { describe, expect, it } from 'vitest';
import { PendingMessageKeys, type PendingEvent } from './pending-message-keys.ts';

describe('PendingMessageKeys', () => {
  it('is filled from the store on first use and again after forget, and keeps deployments apart', () => {
    let stored: PendingEvent[] = [[1, 100, 7]];
    const pending = new PendingMessageKeys(() => stored);
    expect(pending.ids(1, 100)).toEqual([7]);
    expect(pending.ids(2, 100)).toEqual([]);
    pending.add(2, 100, 8);
    expect(pending.ids(2, 100)).toEqual([8]);
    stored = [[1, 100, 9]];
    pending.forget();
    expect(pending.ids(1, 100)).toEqual([9]);
    expect(pending.ids(2, 100)).toEqual([]);
  });

  it('keeps every id of colliding keys, and removes one without the others', () => {
    const pending = new PendingMessageKeys(() => []);
    pending.add(1, 5, 10);
    pending.add(1, 5, 11);
    pending.add(1, 5, 12);
    pending.remove(1, 5, 11);
    expect(pending.ids(1, 5)).toEqual([10, 12]);
    pending.remove(1, 5, 10);
    expect(pending.ids(1, 5)).toEqual([12]);
    pending.remove(1, 5, 99);
    pending.remove(1, 5, 12);
    expect(pending.ids(1, 5)).toEqual([]);
    pending.add(1, 6, 13);
    pending.clear();
    expect(pending.ids(1, 6)).toEqual([]);
  });
});
