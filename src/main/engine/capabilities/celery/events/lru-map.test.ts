import { describe, expect, it } from 'vitest';
import { LruMap } from './lru-map.ts';

describe('LruMap', () => {
  it('evicts the least recently used entry and returns it', () => {
    const lru = new LruMap<string, string>(2);
    expect(lru.set('a', 'A')).toBeUndefined();
    expect(lru.set('b', 'B')).toBeUndefined();
    lru.get('a');
    expect(lru.set('c', 'C')).toBe('B');
    expect([...lru.values()]).toEqual(['A', 'C']);
  });

  it('does not reorder on peek', () => {
    const lru = new LruMap<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.peek('a')).toBe(1);
    expect(lru.set('c', 3)).toBe(1);
  });

  it('replaces a value in place of its key, as most recent', () => {
    const lru = new LruMap<string, number>(3);
    lru.set('a', 1);
    lru.set('b', 2);
    lru.set('a', 10);
    lru.set('a', 11);
    expect([...lru.values()]).toEqual([2, 11]);
  });

  it('forgets the newest-key shortcut on delete and clear', () => {
    const lru = new LruMap<string, number>(2);
    lru.set('a', 1);
    lru.delete('a');
    lru.set('b', 2);
    lru.set('a', 1);
    expect([...lru.values()]).toEqual([2, 1]);
    lru.clear();
    expect(lru.size).toBe(0);
    lru.set('a', 1);
    expect(lru.has('a')).toBe(true);
  });

  it('refuses a limit below 1', () => {
    expect(() => new LruMap(0)).toThrow(RangeError);
    expect(() => new LruMap(1.5)).toThrow(RangeError);
  });
});

describe('LruMap eviction order under churn', () => {
  it('always evicts the least recently used entry, across touches, re-inserts and clears', () => {
    const lru = new LruMap<number, number>(3);
    const reference: number[] = []; // oldest first
    const touch = (key: number) => {
      const at = reference.indexOf(key);
      if (at >= 0) reference.splice(at, 1);
      reference.push(key);
    };
    let seed = 7;
    for (let step = 0; step < 5_000; step += 1) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const key = seed % 7;
      if (seed % 5 === 0) {
        lru.get(key);
        if (reference.includes(key)) touch(key);
        continue;
      }
      const evicted = lru.set(key, key);
      touch(key);
      const expected = reference.length > 3 ? reference.shift() : undefined;
      expect(evicted).toBe(expected);
      if (step % 1000 === 999) {
        lru.clear();
        reference.length = 0;
      }
    }
  });
});
