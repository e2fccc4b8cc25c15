// How much disk a data dir needs: stores N Celery events and N notifications (each into a store of
// its own, through the same code the writer thread runs) and prints the bytes per million events.
// `node bench/store-size.ts <dir> [events]`; the README's "Data directory" figures come from here.
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { decodeCeleryMessage } from '../src/main/engine/capabilities/celery/events/decode-celery-message.ts';
import { CeleryState } from '../src/main/engine/capabilities/celery/events/celery-state.ts';
import { decodeNotification } from '../src/main/engine/capabilities/notifications/decode-notification.ts';
import { CeleryStore } from '../src/main/engine/capabilities/celery/store/celery-store.ts';
import { writeTransaction } from '../src/main/engine/kernel/store/database.ts';
import { openDatabase } from '../src/main/engine/store.ts';
import { NotificationStore, packNotifications, type IncomingNotification } from '../src/main/engine/capabilities/notifications/store/notification-store.ts';
import { SearchIndexer } from '../src/main/engine/capabilities/celery/store/search-indexer.ts';
import { heartbeat, taskBatch, workerNames } from './celery-traffic.ts';
import { novaNotification } from './notifications.ts';

const [root = '/tmp/tach-store-size', eventsText = '1000000'] = process.argv.slice(2);
const events = Number(eventsText);
const SETUP = `INSERT INTO tenants (id, name, created_at) VALUES (1, 'size', 'now');
  INSERT INTO deployments (id, tenant_id, name, created_at, updated_at) VALUES (1, 1, 'd', 'now', 'now')`;

function fresh(name: string) {
  const dir = join(root, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const db = openDatabase(dir);
  db.exec(SETUP);
  return { dir, db };
}

function size(dir: string): { db: number; wal: number } {
  const of = (file: string) => {
    try {
      return statSync(join(dir, file)).size;
    } catch {
      return 0;
    }
  };
  return { db: of('tach.db'), wal: of('tach.db-wal') };
}

function celery(): void {
  const { dir, db } = fresh('celery');
  const store = new CeleryStore(db);
  const indexer = new SearchIndexer(db);
  const state = new CeleryState({ maxTasks: 100_000, maxWorkers: 1000 });
  const workers = workerNames(50);
  let sent = 0;
  let clock = 1;
  const save = writeTransaction(db, () => {
    const dirty = state.drainDirty();
    store.save(1, dirty.tasks, dirty.workers, []);
  });
  while (sent < events) {
    // A heartbeat of each worker every ~100 task messages (2 s at 1,200 events/s), as bench/generate.ts sends.
    const messages = [];
    if (clock % 800 === 1) for (const w of workers) messages.push(heartbeat(w, clock));
    for (let i = 0; i < 100; i++) messages.push(taskBatch(workers[clock % workers.length] ?? 'w', (clock += 8)));
    for (const m of messages) {
      const decoded = decodeCeleryMessage({ content: m.body, contentType: 'application/json', contentEncoding: 'utf-8', routingKey: m.routingKey }, Date.now());
      for (const e of decoded.events) state.apply(e);
      sent += m.events;
    }
    save();
  }
  while (indexer.indexSome(10_000) > 0);
  db.pragma('wal_checkpoint(TRUNCATE)');
  const tasks = db.prepare('SELECT count(*) FROM celery_tasks').pluck().get() as number;
  db.close();
  report('celery', dir, sent, { tasks });
}

function notifications(): void {
  const { dir, db } = fresh('notifications');
  const store = new NotificationStore(db);
  for (let first = 0; first < events; first += 1000) {
    const incoming: IncomingNotification[] = [];
    for (let i = first; i < Math.min(events, first + 1000); i++) {
      const body = Buffer.from(novaNotification(i));
      const decoded = decodeNotification(body);
      if (!decoded.ok) throw new Error(decoded.reason);
      incoming.push({ notification: decoded.notification, exchange: 'nova', queue: 'monitor.info', routingKey: 'monitor.info', receivedAt: Date.now(), body });
    }
    writeTransaction(db, () => store.writes.save(1, packNotifications(incoming)))();
    store.writes.deriveSome(100_000);
  }
  store.writes.deriveAll();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  report('notifications', dir, events, {});
}

function report(kind: string, dir: string, count: number, extra: object): void {
  const { db, wal } = size(dir);
  process.stdout.write(`${JSON.stringify({ kind, events: count, dbBytes: db, walBytes: wal, bytesPerMillion: Math.round((db / count) * 1e6), ...extra })}\n`);
}

const only = process.argv[4];
if (!only || only === 'celery') celery();
if (!only || only === 'notifications') notifications();
