import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeyFilter } from './key-filter.ts';
import { uuidKey } from './uuid-key.ts';

describe('KeyFilter', () => {
  it('never forgets a key, through the doublings, and rarely claims one it never saw', () => {
    const stored: [number, number][] = [];
    const filter = new KeyFilter({ count: () => stored.length, each: () => stored });
    for (let i = 0; i < 250_000; i += 1) {
      const entry: [number, number] = [1 + (i % 3), uuidKey(randomUUID())];
      stored.push(entry);
      filter.add(...entry);
    }
    expect(stored.every(([deployment, key]) => filter.mightContain(deployment, key))).toBe(true);
    expect(filter.sizeBytes).toBeGreaterThanOrEqual((250_000 * 10) / 8);
    let claimed = 0;
    for (let i = 0; i < 100_000; i += 1) if (filter.mightContain(1, uuidKey(randomUUID()))) claimed += 1;
    expect(claimed / 100_000).toBeLessThan(0.02);
  });

  it('is filled from the store on first use, and tells deployments apart', () => {
    const key = uuidKey('a-task');
    const filter = new KeyFilter({ count: () => 1, each: () => [[7, key] as const] });
    expect(filter.mightContain(7, key)).toBe(true);
    let otherDeployment = 0;
    for (let d = 8; d < 1008; d += 1) if (filter.mightContain(d, key)) otherDeployment += 1;
    expect(otherDeployment).toBeLessThan(20);
  });
});
