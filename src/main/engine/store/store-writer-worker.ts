import { parentPort, workerData } from 'node:worker_threads';
import type { RejectedMessage } from './celery-store.ts';
import { CeleryStore } from './celery-store.ts';
import { writeCamera } from './celery-batch-writer.ts';
import { SnapshotStore } from './snapshot-store.ts';
import { BUSY_TIMEOUT_MS, openDatabaseConnection, writeTransaction } from './database.ts';
import { NotificationStore } from './notification-store.ts';
import { decodeDeliveries, settleDeliveries } from '../nova/notification-deliveries.ts';
import { SearchIndexer } from './search-indexer.ts';
import { WriteTurn } from './write-turn.ts';
import type { FromWriter, ToWriter, WriteJob, WriteOutcome, WriterThreadData } from './store-writer-protocol.ts';

// The store writer thread: its own connection to the store, committing the batches the Celery
// monitors and notification consumers post, in order. Running the commits here lets the
// engine's thread go on consuming while SQLite writes (most of the cost of ingest); notifications
// are decoded here too, before their transaction, so the engine's thread only frames AMQP.

const port = parentPort;
if (!port) throw new Error('store-writer-worker must run as a worker thread');
const post = (message: FromWriter) => port.postMessage(message);

const { dataDir, writeTurn } = workerData as WriterThreadData;
let store: CeleryStore;
let snapshots: SnapshotStore;
let notifications: NotificationStore;
let indexer: SearchIndexer;
let db: ReturnType<typeof openDatabaseConnection>;
try {
  db = openDatabaseConnection(dataDir, writeTurn ? { writeTurn: new WriteTurn(writeTurn) } : {});
  store = new CeleryStore(db);
  snapshots = new SnapshotStore(db);
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

/**
 * A job made ready to commit. Notifications are decoded here, before the transaction, so the
 * store's write lock (shared with the engine's connection) is held only while writing.
 */
function prepare(job: WriteJob): () => WriteOutcome {
  if (job.kind === 'celery') {
    const { batch } = job;
    const rejected: RejectedMessage[] = batch.rejected.map((r) => ({ ...r, body: asBuffer(r.body) }));
    return () => {
      store.saveValues(batch.deploymentId, batch.tasks, batch.workers, rejected);
      writeCamera(snapshots, batch.deploymentId, batch.camera);
      return { stored: 0, rejected: 0 };
    };
  }
  const { batch } = job;
  const decoded = decodeDeliveries(batch.deliveries);
  return () => {
    const stored = notifications.writes.save(batch.deploymentId, decoded, decoded.rejected);
    if (batch.backlog) lastBacklogAt = performance.now();
    behind += stored;
    return { stored, rejected: decoded.rejected.length };
  };
}

const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
};

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
  const before = behind;
  const prepared = writes.map(({ id, job }) => {
    try {
      return { id, commit: prepare(job) };
    } catch (error) {
      return { id, error: error as Error };
    }
  });
  let outcomes: FromWriter[] = [];
  try {
    writeTransaction(db, () => {
      outcomes = prepared.map(({ id, commit, error }): FromWriter => {
        try {
          if (!commit) throw error;
          return { kind: 'written', id, outcome: commit() };
        } catch (failure) {
          return { kind: 'failed', id, message: (failure as Error).message, code: codeOf(failure) };
        }
      });
    })();
  } catch (error) {
    outcomes = writes.map(({ id }): FromWriter => ({ kind: 'failed', id, message: (error as Error).message, code: codeOf(error) }));
  }
  // Committed or failed, every batch's bodies are read: their ring space is the consumer's again.
  for (const { job } of writes) if (job.kind === 'notifications') settleDeliveries(job.batch.deliveries);
  for (const outcome of outcomes) post(outcome);
  const storedNow = behind - before;
  lastCommitAt = performance.now();
  checkpointWhenIdle();
  // Too much waits to be derived: derive as much as was just stored, in turn with ingest, so
  // what a sustained overload leaves behind stays bounded (ingest slows to what both sustain).
  if (behind > DERIVE_BEHIND_LIMIT) deriveChunk(Math.max(DERIVE_CHUNK, storedNow));
  workWhileIdle();
}

/** Events derived per turn: about 10 ms of work, so a batch arriving meanwhile waits little. */
const DERIVE_CHUNK = 500;
/**
 * Rows and derivations are written in pauses of ingest this long, and not until a backlog has
 * been drained this long ago: while the consumers' credit is used up (a backlog in the cloud's
 * queue), the CPU goes to emptying it, up to DERIVE_BEHIND_LIMIT. A steady stream leaves gaps,
 * and the rows keep up in them.
 */
const QUIET_MS = 20;
const AFTER_BACKLOG_MS = 200;
let lastCommitAt = 0;
let lastBacklogAt = -Infinity;
/**
 * Past this many committed events whose rows are not written yet, each commit is followed by a
 * pass. It bounds what a burst leaves not yet browsable (the console says how many): at the
 * broker's pace here, about 3 s of notifications, written in about as long once it ends.
 */
const DERIVE_BEHIND_LIMIT = 100_000;
/** Committed events whose rows are still to be written: read at start and after each pass, counted up by each batch. */
let behind = notifications.writes.behind();

function deriveChunk(limit = DERIVE_CHUNK): number {
  try {
    const written = notifications.writes.deriveSome(limit);
    // Read back rather than kept: a batch counted, then rolled back, would leave the count high.
    behind = notifications.writes.behind();
    // Their views changed with no new batch: the engine tells the console (after a burst, nothing else would).
    if (written.events > 0) post({ kind: 'written-behind', deploymentIds: written.deploymentIds });
    return written.events;
  } catch (error) {
    // Nothing is lost: the events stay stored, and the next turn tries them again.
    post({ kind: 'deriving-failed', message: (error as Error).message });
    return 0;
  }
}

/** Rows indexed per turn: about 25 ms of work, so a batch arriving meanwhile waits little. */
const INDEX_CHUNK = 1_000;
let working = false;

// Notification derivations, then Celery search indexing, run while no batch waits: a turn, then
// back to the event loop (where waiting batches arrive and go first), then another turn until
// both are done.
function workWhileIdle(): void {
  if (working || closing) return;
  working = true;
  setImmediate(function turn() {
    if (closing || waiting.length > 0) {
      working = false;
      return;
    }
    if (behind > 0) {
      const now = performance.now();
      const wait = Math.max(lastCommitAt + QUIET_MS, lastBacklogAt + AFTER_BACKLOG_MS) - now;
      if (wait > 0) {
        setTimeout(turn, wait);
        return;
      }
      if (deriveChunk() > 0) {
        setImmediate(turn);
        return;
      }
    }
    let indexed = 0;
    try {
      indexed = indexer.indexSome(INDEX_CHUNK);
    } catch (error) {
      // Search falls back to scanning what is not indexed; ingest must not suffer for it.
      post({ kind: 'indexing-failed', message: (error as Error).message });
    }
    if (indexed === INDEX_CHUNK) setImmediate(turn);
    else working = false;
  });
}

/**
 * Once ingest has paused this long, the WAL is copied into the store and the file truncated to 0:
 * a console left idle holds no WAL, and a disk that filled up gets back what the WAL held.
 * While a batch or idle work runs, or a reader holds an old snapshot, it waits for the next pause.
 */
const IDLE_CHECKPOINT_MS = 1_000;
let idleCheckpoint: NodeJS.Timeout | undefined;

function checkpointWhenIdle(): void {
  clearTimeout(idleCheckpoint);
  idleCheckpoint = setTimeout(function check() {
    idleCheckpoint = undefined;
    if (closing) return;
    if (working || waiting.length > 0 || performance.now() - lastCommitAt < IDLE_CHECKPOINT_MS) {
      idleCheckpoint = setTimeout(check, IDLE_CHECKPOINT_MS);
      return;
    }
    // Without waiting: a busy store (a reader, the engine's connection writing) is left for later.
    db.pragma('busy_timeout = 0');
    try {
      const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      if (result?.busy) idleCheckpoint = setTimeout(check, IDLE_CHECKPOINT_MS * 5);
    } catch (error) {
      post({ kind: 'checkpoint-failed', message: (error as Error).message });
    } finally {
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
  }, IDLE_CHECKPOINT_MS);
}

port.on('message', (message: ToWriter) => {
  if (message.kind === 'close') {
    closing = true;
    clearTimeout(idleCheckpoint);
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

// Rows migrated from an older store (or left by a stopped writer) are indexed and derived once the thread is up.
workWhileIdle();
// A WAL left by a previous run is truncated too.
lastCommitAt = performance.now();
checkpointWhenIdle();
