import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QueueStat } from '../../../../../shared/domain/broker.ts';
import { openMemoryDatabase } from '../../../store.ts';
import { KEEP_MS, QueueSampleStore } from './queue-sample-store.ts';

const stat = (messages: number, consumers = 0): QueueStat => ({
  name: 'q',
  vhost: '/',
  messages,
  messagesReady: messages,
  messagesUnacknowledged: 0,
  consumers,
  memory: null,
  consumerUtilisation: null,
  publishRate: 2,
  deliverRate: null,
  ackRate: null,
  growthPerMinute: null,
  idleSince: null,
  messageTtlMs: null,
});

const HOUR = 3_600_000;
const count = (db: Database, resolution: number) =>
  (db.prepare('SELECT count(*) AS n FROM queue_samples WHERE resolution = ?').get(resolution) as { n: number }).n;

describe('QueueSampleStore', () => {
  let db: Database;
  let store: QueueSampleStore;
  beforeEach(() => {
    db = openMemoryDatabase();
    db.exec(`INSERT INTO tenants (id, name, created_at) VALUES (1, 't', 'now'); INSERT INTO deployments (id, tenant_id, name, created_at, updated_at) VALUES (1, 1, 'd', 'now', 'now');`);
    store = new QueueSampleStore(db);
  });
  afterEach(() => db.close());

  it('averages a window into buckets, oldest first', () => {
    for (let i = 0; i < 6; i++) store.insertPoll(1, i * 10_000, [stat(i * 10)]);
    const rows = store.range(1, '/', 'q', 0, 60_000, 30_000);
    expect(rows).toEqual([
      { at: 0, messages: 10, ready: 10, unacked: 0, consumers: 0, publishRate: 2, deliverRate: null, ackRate: null },
      { at: 30_000, messages: 40, ready: 40, unacked: 0, consumers: 0, publishRate: 2, deliverRate: null, ackRate: null },
    ]);
  });

  it('rolls polls older than an hour into minutes, minutes older than a day into ten minutes, and drops a month old', () => {
    const now = 40 * 24 * HOUR;
    // Two hours of polls every 10 s ending now, plus a day-old and a 35-day-old stretch.
    for (let at = now - 2 * HOUR; at <= now; at += 10_000) store.insertPoll(1, at, [stat(100)]);
    for (let at = now - 26 * HOUR; at < now - 25 * HOUR; at += 10_000) store.insertPoll(1, at, [stat(7)]);
    for (let at = now - 35 * 24 * HOUR; at < now - 35 * 24 * HOUR + HOUR; at += 10_000) store.insertPoll(1, at, [stat(1)]);
    const before = count(db, 0);
    store.downsample(now);
    // The last hour stays raw (360 or 361 polls); everything older became coarser or went.
    expect(count(db, 0)).toBeLessThan(before / 2);
    expect(count(db, 0)).toBeGreaterThanOrEqual(360);
    expect(count(db, 60)).toBe(60);
    expect(count(db, 600)).toBe(6);
    store.downsample(now);
    expect(count(db, 600)).toBe(6);
    // Averages survive the rollup; the 35-day-old stretch is gone.
    expect(store.range(1, '/', 'q', now - 26 * HOUR, now - 25 * HOUR, 600_000).every((row) => row.messages === 7)).toBe(true);
    expect(store.range(1, '/', 'q', now - KEEP_MS - 5 * 24 * HOUR, now - KEEP_MS, 600_000)).toEqual([]);
  });
});
