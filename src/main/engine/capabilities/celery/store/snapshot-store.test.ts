import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SnapshotData } from '../camera.ts';
import { openMemoryDatabase } from '../../../store.ts';
import { SnapshotStore } from './snapshot-store.ts';

const data = (n: number): SnapshotData => ({ workers: [], tasksByState: { SUCCESS: n }, tasksByName: {}, events: { total: n, byType: {} } });

describe('SnapshotStore', () => {
  let db: Database;
  let store: SnapshotStore;
  beforeEach(() => {
    db = openMemoryDatabase();
    db.exec(`INSERT INTO tenants (id, name, created_at) VALUES (1, 't', 'now');
             INSERT INTO deployments (id, tenant_id, name, created_at, updated_at) VALUES (1, 1, 'a', 'now', 'now'), (2, 1, 'b', 'now', 'now');`);
    store = new SnapshotStore(db);
  });
  afterEach(() => db.close());

  it('lists a time range oldest first, per deployment', () => {
    for (let i = 1; i <= 5; i++) store.insert(1, i * 1000, data(i));
    store.insert(2, 3000, data(99));
    expect(store.list(1, 2000, 4000, 10).map((s) => s.data.events.total)).toEqual([2, 3, 4]);
    expect(store.list(1, 0, Number.MAX_SAFE_INTEGER, 2).map((s) => s.takenAt)).toEqual([1000, 2000]);
  });

  it('iterates a range larger than one chunk, and allows writes between chunks', () => {
    for (let i = 0; i < 1_203; i++) store.insert(1, i, data(i));
    let count = 0;
    for (const snapshot of store.iterate(1, 0, Number.MAX_SAFE_INTEGER)) {
      if (count === 600) store.insert(2, 5, data(0)); // the writer is never blocked by an export
      expect(snapshot.takenAt).toBe(count);
      count += 1;
    }
    expect(count).toBe(1_203);
  });

  it('trims by age and by count, newest kept', () => {
    for (let i = 1; i <= 10; i++) store.insert(1, i * 1000, data(i));
    expect(store.trim(1, 3000, 5)).toBe(2 + 3);
    expect(store.list(1, 0, Number.MAX_SAFE_INTEGER, 100).map((s) => s.takenAt)).toEqual([6000, 7000, 8000, 9000, 10_000]);
  });
});
