import { parentPort, workerData } from 'node:worker_threads';
import { BUSY_TIMEOUT_MS, openDatabaseConnection, writeTransaction } from '../database.ts';
import { WriteTurn } from '../write-turn.ts';
import type { WriterPart, WriterPartFactory } from './writer-part.ts';
import type { FromWriter, ToWriter, WriteJob, WriterThreadData } from './writer-protocol.ts';

// The store writer thread: its own connection to the store, committing the batches the engine's
// sources post, in order, each through the part of the capability that owns it. Running the
// commits here lets the engine's thread go on consuming while SQLite writes (most of the cost
// of ingest). Between batches the parts do their work behind ingest, a small turn at a time.

interface Write {
  id: number;
  job: WriteJob;
}

const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
};

/**
 * Runs the writer in this worker thread with the given parts, by name; their idle turns go in
 * this order. Call it once, from the worker's entry module.
 */
export function runStoreWriter(factories: Readonly<Record<string, WriterPartFactory>>): void {
  const port = parentPort;
  if (!port) throw new Error('the store writer must run as a worker thread');
  const post = (message: FromWriter) => port.postMessage(message);

  const { dataDir, writeTurn } = workerData as WriterThreadData;
  let db: ReturnType<typeof openDatabaseConnection>;
  const parts = new Map<string, WriterPart>();
  try {
    db = openDatabaseConnection(dataDir, writeTurn ? { writeTurn: new WriteTurn(writeTurn) } : {});
    for (const [name, create] of Object.entries(factories)) parts.set(name, create(db, (notice) => post({ kind: 'notice', part: name, notice })));
    post({ kind: 'ready' });
  } catch (error) {
    post({ kind: 'fatal', message: (error as Error).message });
    process.exit(1);
  }

  const partOf = (job: WriteJob): WriterPart => {
    const part = parts.get(job.part);
    if (!part) throw new Error(`The store writer has no part "${job.part}".`);
    return part;
  };

  // Batches waiting while a commit runs are committed together, in one transaction: the cost of
  // a commit is mostly the pages it writes, and consecutive batches touch the same pages. Each
  // batch still succeeds or fails on its own (a savepoint each), so one bad batch fails alone.
  const waiting: Write[] = [];
  let scheduled = false;
  let closing = false;
  let lastCommitAt = 0;

  function commitWaiting(): void {
    scheduled = false;
    const writes = waiting.splice(0);
    if (writes.length === 0) return;
    const prepared = writes.map(({ id, job }) => {
      try {
        return { id, commit: partOf(job).prepare(job.batch) };
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
    for (const { job } of writes) parts.get(job.part)?.settle?.(job.batch);
    for (const outcome of outcomes) post(outcome);
    lastCommitAt = performance.now();
    checkpointWhenIdle();
    for (const part of parts.values()) part.afterCommit?.();
    workWhileIdle();
  }

  let working = false;

  // The parts' work behind ingest runs while no batch waits: a turn, then back to the event loop
  // (where waiting batches arrive and go first), then another turn, part after part, until every
  // part is done. A part that asks to wait holds the later ones too: its wait is for ingest to pause.
  function workWhileIdle(): void {
    if (working || closing) return;
    working = true;
    setImmediate(function turn() {
      if (closing || waiting.length > 0) {
        working = false;
        return;
      }
      for (const part of parts.values()) {
        const did = part.idleTurn?.() ?? 'done';
        if (did === 'more') {
          setImmediate(turn);
          return;
        }
        if (did !== 'done') {
          setTimeout(turn, did.waitMs);
          return;
        }
      }
      working = false;
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

  // What a previous run stored but did not finish behind ingest is done once the thread is up.
  workWhileIdle();
  // A WAL left by a previous run is truncated too.
  lastCommitAt = performance.now();
  checkpointWhenIdle();
}
