import { parentPort, workerData } from 'node:worker_threads';
import type { RejectedMessage } from './celery-store.ts';
import { CeleryStore } from './celery-store.ts';
import { openDatabaseConnection, writeTransaction } from './database.ts';
import { NotificationStore, type RejectedNotificationInput } from './notification-store.ts';
import { SearchIndexer } from './search-indexer.ts';
import { WriteTurn } from './write-turn.ts';
import type { FromWriter, ToWriter, WriteJob, WriterThreadData } from './store-writer-protocol.ts';

// The store writer thread: its own connection to the store, committing the batches the Celery
// monitors and notification consumers post, in order. Running the commits here lets the
// engine's thread go on consuming and decoding while SQLite writes (most of the cost of ingest).

const port = parentPort;
if (!port) throw new Error('store-writer-worker must run as a worker thread');
const post = (message: FromWriter) => port.postMessage(message);

const { dataDir, writeTurn } = workerData as WriterThreadData;
let store: CeleryStore;
let notifications: NotificationStore;
let indexer: SearchIndexer;
let db: ReturnType<typeof openDatabaseConnection>;
try {
  db = openDatabaseConnection(dataDir, writeTurn ? { writeTurn: new WriteTurn(writeTurn) } : {});
  store = new CeleryStore(db);
  notifications = new NotificationStore(db);
  indexer = new SearchIndexer(db);
  post({ kind: 'ready' });
} catch (error) {
  post({ kind: 'fatal', message: (error as Error).message });
  process.exit(1);
}

// Structured clone turns a Buffer into a plain Uint8Array, which SQLite will not bind.
const asBuffer = (body: Uint8Array): Buffer => Buffer.from(body.buffer, body.byteOffset, body.byteLength);

interface Write {
  id: number;
  job: WriteJob;
}

function run(job: WriteJob): number {
  if (job.kind === 'celery') {
    const { batch } = job;
    const rejected: RejectedMessage[] = batch.rejected.map((r) => ({ ...r, body: asBuffer(r.body) }));
    store.saveValues(batch.deploymentId, batch.tasks, batch.workers, rejected);
    return 0;
  }
  const { batch } = job;
  const rejected: RejectedNotificationInput[] = batch.rejected.map((r) => ({ ...r, body: asBuffer(r.body) }));
  return notifications.save(batch.deploymentId, batch.events, rejected);
}

// Batches waiting while a commit runs are committed together, in one transaction: the cost of a
// commit is mostly the pages it writes, and consecutive batches touch the same pages. Each batch
// still succeeds or fails on its own (a savepoint each), so one bad batch fails alone.
const waiting: Write[] = [];
let scheduled = false;
let closing = false;

function commitWaiting(): void {
  scheduled = false;
  const writes = waiting.splice(0);
  if (writes.length === 0) return;
  let outcomes: FromWriter[] = [];
  try {
    writeTransaction(db, () => {
      outcomes = writes.map(({ id, job }): FromWriter => {
        try {
          return { kind: 'written', id, count: run(job) };
        } catch (error) {
          return { kind: 'failed', id, message: (error as Error).message };
        }
      });
    })();
  } catch (error) {
    outcomes = writes.map(({ id }): FromWriter => ({ kind: 'failed', id, message: (error as Error).message }));
  }
  for (const outcome of outcomes) post(outcome);
  indexWhileIdle();
}

/** Rows indexed per turn: about 25 ms of work, so a batch arriving meanwhile waits little. */
const INDEX_CHUNK = 1_000;
let indexing = false;

// Search indexing runs only while no batch waits: a turn, then back to the event loop (where
// waiting batches arrive and go first), then another turn until the index is complete.
function indexWhileIdle(): void {
  if (indexing || closing) return;
  indexing = true;
  setImmediate(function turn() {
    if (closing || waiting.length > 0) {
      indexing = false;
      return;
    }
    let indexed = 0;
    try {
      indexed = indexer.indexSome(INDEX_CHUNK);
    } catch (error) {
      // Search falls back to scanning what is not indexed; ingest must not suffer for it.
      post({ kind: 'indexing-failed', message: (error as Error).message });
    }
    if (indexed === INDEX_CHUNK) setImmediate(turn);
    else indexing = false;
  });
}

port.on('message', (message: ToWriter) => {
  if (message.kind === 'close') {
    closing = true;
    commitWaiting();
    db.close();
    port.close();
    return;
  }
  waiting.push(message);
  if (!scheduled) {
    scheduled = true;
    setImmediate(commitWaiting);
  }
});

// Rows migrated from an older store (or left by a stopped writer) are indexed once the thread is up.
indexWhileIdle();
