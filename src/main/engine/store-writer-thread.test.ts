import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTaskRecord } from './capabilities/celery/events/task-record.ts';
import type { TaskRecord } from './capabilities/celery/events/index.ts';
import { silentLogger } from './kernel/logging/logger.ts';
import { CeleryStore } from './capabilities/celery/store/celery-store.ts';
import { threadCeleryWriter, type CeleryBatchWriter } from './capabilities/celery/store/celery-batch-writer.ts';
import { threadNotificationWriter } from './capabilities/notifications/store/notification-batch-writer.ts';
import { StoreWriterThread } from './kernel/store/store-writer-thread.ts';
import { DATABASE_FILE, JOURNAL_SIZE_LIMIT } from './kernel/store/database.ts';
import { openDatabase } from './store.ts';
import { DeliveryBatcher } from './capabilities/notifications/notification-deliveries.ts';
import { NotificationStore } from './capabilities/notifications/store/notification-store.ts';

const task = (uuid: string, fields: Partial<TaskRecord> = {}): TaskRecord => ({ ...createTaskRecord(uuid, 1000), name: 'tach.add', ...fields });
const batch = (deploymentId: number, tasks: TaskRecord[]) => ({ deploymentId, tasks, workers: [], rejected: [] });

const ENTRY = new URL('./store-writer-worker.ts', import.meta.url);

describe('StoreWriterThread', () => {
  let dir: string;
  let db: Database;
  let thread: StoreWriterThread;
  let writer: CeleryBatchWriter;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tach-writer-'));
    db = openDatabase(dir);
    db.exec(`INSERT INTO tenants (id, name, created_at) VALUES (1, 't', 'now');
             INSERT INTO deployments (id, tenant_id, name, created_at, updated_at) VALUES (1, 1, 'd', 'now', 'now');`);
    thread = new StoreWriterThread({ dataDir: dir, entry: ENTRY, log: silentLogger() });
    writer = threadCeleryWriter(thread, silentLogger());
  });
  afterEach(async () => {
    await writer.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves the WAL at most JOURNAL_SIZE_LIMIT once ingest pauses, after growing past it', async () => {
    const wal = () => statSync(join(dir, `${DATABASE_FILE}-wal`), { throwIfNoEntry: false })?.size ?? 0;
    // About 30 MB of task rows: more than the limit, less than the 10,000-page autocheckpoint.
    // The largest WAL seen between batches: the 10,000-page autocheckpoint may already have reset
    // it (and journal_size_limit cut it back) by the last one, so the file's final size proves nothing.
    const bulky = 'x'.repeat(3_000);
    let largest = 0;
    for (let b = 0; b < 10; b++) {
      await writer.write(batch(1, Array.from({ length: 1_000 }, (_, i) => task(`bulk-${b}-${i}`, { args: bulky }))));
      largest = Math.max(largest, wal());
    }
    expect(largest).toBeGreaterThan(JOURNAL_SIZE_LIMIT);
    await vi.waitFor(() => expect(wal()).toBeLessThanOrEqual(JOURNAL_SIZE_LIMIT), { timeout: 30_000, interval: 100 });
    expect(db.prepare("SELECT count(*) FROM celery_tasks WHERE uuid LIKE 'bulk-%'").pluck().get()).toBe(10_000);
  });

  it('commits batches on its thread, visible to the engine connection once the promise resolves', async () => {
    await writer.write(batch(1, [task('a', { state: 'STARTED' })]));
    expect(new CeleryStore(db).task(1, 'a')).toMatchObject({ uuid: 'a', state: 'STARTED', name: 'tach.add' });
  });

  it('indexes committed tasks for text search while it has nothing to commit', async () => {
    await writer.write(batch(1, [task('findme', { exception: "KeyError('rare-term')" })]));
    await vi.waitFor(() => expect(db.prepare("SELECT searchable FROM celery_tasks WHERE uuid = 'findme'").get()).toEqual({ searchable: 1 }), { timeout: 5_000 });
    expect(db.prepare("SELECT count(*) AS n FROM celery_task_search WHERE celery_task_search MATCH '\"rare-term\"'").get()).toEqual({ n: 1 });
  });

  it('writes the rows of committed notifications behind ingest, between batches and after a backlog', async () => {
    const notification = (i: number) =>
      Buffer.from(JSON.stringify({ message_id: `m-${i}`, publisher_id: 'compute.h1', event_type: 'compute.instance.update', timestamp: '2026-11-23 10:00:00', payload: { instance_id: 'i-1' } }));
    const written: number[][] = [];
    await thread.close();
    thread = new StoreWriterThread({ dataDir: dir, entry: ENTRY, log: silentLogger() });
    writer = threadCeleryWriter(thread, silentLogger());
    const notifications = threadNotificationWriter(thread, silentLogger(), (ids) => written.push([...ids]));
    const deliveries = new DeliveryBatcher();
    const origin = { exchange: 'nova', queue: 'q', routingKey: 'q' };
    for (let i = 0; i < 300; i++) deliveries.add(notification(i), origin, 0);
    deliveries.add(Buffer.from([0xff, 0x00]), origin, 0);
    // Decoded and committed (resolved: safe to ack) as blocks; the thread writes the rows once ingest pauses.
    expect(await notifications.write({ deploymentId: 1, deliveries: deliveries.take(), backlog: true })).toEqual({ stored: 300, rejected: 1 });
    const store = new NotificationStore(db);
    expect(store.counts(1)).toMatchObject({ stored: 300, rejected: 1 });
    await vi.waitFor(() => expect(store.counts(1)).toMatchObject({ stored: 300, indexing: 0 }), { timeout: 5_000 });
    expect(store.events(1, { instance: 'i-1', limit: 500 })).toHaveLength(300);
    // Told, so the console refreshes its views though no batch follows the burst.
    expect(new Set(written.flat())).toEqual(new Set([1]));
  });

  it('commits in the order written, so the later state of a task wins', async () => {
    const writes = [
      writer.write(batch(1, [task('a', { state: 'RECEIVED', lastEventAt: 1 })])),
      writer.write(batch(1, [task('a', { state: 'STARTED', lastEventAt: 2 })])),
      writer.write(batch(1, [task('a', { state: 'SUCCESS', result: '3', lastEventAt: 3 })])),
    ];
    await Promise.all(writes);
    expect(new CeleryStore(db).task(1, 'a')).toMatchObject({ state: 'SUCCESS', result: '3', lastEventAt: 3 });
  });

  it('fails a batch the store refuses with the reason, and goes on with the next', async () => {
    // Deployment 2 does not exist: the foreign key refuses the batch.
    await expect(writer.write(batch(2, [task('x')]))).rejects.toThrow(/FOREIGN KEY/);
    await writer.write(batch(1, [task('y')]));
    expect(new CeleryStore(db).task(1, 'y')).toBeDefined();
    expect(new CeleryStore(db).task(2, 'x')).toBeUndefined();
  });

  it('fails only the refused batch when batches waiting together are committed as one', async () => {
    const outcomes = await Promise.allSettled([
      writer.write(batch(1, [task('before')])),
      writer.write(batch(2, [task('refused')])),
      writer.write(batch(1, [task('after')])),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const store = new CeleryStore(db);
    expect([store.task(1, 'before'), store.task(1, 'after')].every(Boolean)).toBe(true);
    expect(store.task(2, 'refused')).toBeUndefined();
  });

  it('keeps rejected message bodies as bytes across the thread boundary', async () => {
    const body = Buffer.from([0xff, 0x00, 0x7b]);
    await writer.write({ deploymentId: 1, tasks: [], workers: [], rejected: [{ receivedAt: 5, routingKey: 'task.multi', contentType: 'application/json', reason: 'not JSON', body }] });
    const [row] = new CeleryStore(db).rejected(1, 10);
    expect(row).toMatchObject({ reason: 'not JSON', body_size: 3 });
    expect(Buffer.compare(row!.body, body)).toBe(0);
  });

  it('commits what was written before close, and refuses writes after it', async () => {
    const pending = writer.write(batch(1, [task('late')]));
    await writer.close();
    await pending;
    expect(new CeleryStore(db).task(1, 'late')).toBeDefined();
    await expect(writer.write(batch(1, [task('after')]))).rejects.toThrow(/closing/);
  });

  it('fails every waiting batch with a sentence when the store cannot be opened', async () => {
    const broken = threadCeleryWriter(new StoreWriterThread({ dataDir: join(dir, 'missing'), entry: ENTRY, log: silentLogger() }), silentLogger());
    await expect(broken.write(batch(1, [task('a')]))).rejects.toThrow(/could not open the store/);
    await broken.close();
  });
});
