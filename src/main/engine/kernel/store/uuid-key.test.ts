import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openMemoryDatabase } from '../../store.ts';
import { uuidKey } from './uuid-key.ts';

describe('uuidKey', () => {
  it('is a stable non-negative safe integer of at most 53 bits', () => {
    for (const id of ['', 'a', 'b6d4e3b2-0f0e-4c8e-9b43-7d7d0a1b2c3d', 'not-a-uuid', 'ünïcødé-task-id']) {
      const key = uuidKey(id);
      expect(Number.isSafeInteger(key)).toBe(true);
      expect(key).toBeGreaterThanOrEqual(0);
      expect(uuidKey(id)).toBe(key);
    }
  });

  it('spreads 200,000 random task ids without a collision', () => {
    const keys = new Set<number>();
    for (let i = 0; i < 200_000; i += 1) keys.add(uuidKey(randomUUID()));
    expect(keys.size).toBe(200_000);
  });

  it('is the same in SQL (tach_uuid_key) as in code, and stored exactly as an integer', () => {
    const db = openMemoryDatabase();
    const id = randomUUID();
    expect(db.prepare('SELECT tach_uuid_key(?) AS k, typeof(CAST(tach_uuid_key(?) AS INTEGER)) AS t').get(id, id)).toEqual({ k: uuidKey(id), t: 'integer' });
    db.close();
  });
});
