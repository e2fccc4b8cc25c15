import { Worker } from 'node:worker_threads';
import type { Logger } from '../logging/logger.ts';
import type { CeleryBatchWriter } from './celery-batch-writer.ts';
import type { NotificationBatchWriter } from './notification-batch-writer.ts';
import type { WriteTurn } from './write-turn.ts';
import { taskValues } from './celery-rows.ts';
import type { FromWriter, ToWriter, WriteJob, WriteOutcome, WriterThreadData } from './store-writer-protocol.ts';

export interface StoreWriterThreadOptions {
  dataDir: string;
  /**
   * The worker's entry module. From source it is the sibling .ts file; a bundled door (the
   * desktop) builds it as its own entry and passes where it lies.
   */
  entry?: URL;
  log: Logger;
  /** Shared with the engine's connection (write-turn.ts), so its writes are not starved. */
  writeTurn?: WriteTurn;
  /** Notification rows and derivations were written behind ingest for these deployments. */
  onWrittenBehind?: (deploymentIds: readonly number[]) => void;
  /** Each batch's commit: succeeded (no argument) or failed (SQLITE_FULL says the disk is full). */
  onCommit?: (failure?: { code?: string; message: string }) => void;
}

interface Waiting {
  resolve: (outcome: WriteOutcome) => void;
  reject: (error: Error) => void;
}

/**
 * Commits ingest batches (Celery, notifications) on a worker thread with its own SQLite
 * connection. One thread, one queue: batches commit in the order written, so acking each batch's
 * last message (multiple) after its promise resolves never acks anything uncommitted. A thread
 * that dies fails every batch it held (their messages are redelivered) and the next write starts
 * a new one.
 */
export class StoreWriterThread {
  readonly #o: StoreWriterThreadOptions;
  readonly #waiting = new Map<number, Waiting>();
  #worker: Worker | undefined;
  #nextId = 1;
  #closed = false;

  constructor(options: StoreWriterThreadOptions) {
    this.#o = options;
  }

  /**
   * Starts the thread now rather than at the first write: loading its modules and opening the
   * store take a few hundred ms, which the first batch of a backlog would otherwise wait, and
   * the thread derives what a previous run stored but did not derive yet as soon as it is up.
   */
  start(): void {
    if (!this.#closed) this.#ensureWorker();
  }

  /** Resolves with the job's outcome (new notifications stored, messages rejected) once committed. */
  write(job: WriteJob): Promise<WriteOutcome> {
    if (this.#closed) return Promise.reject(new Error('The store is closing.'));
    const worker = this.#ensureWorker();
    const id = this.#nextId++;
    return new Promise<WriteOutcome>((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      worker.postMessage({ kind: 'write', id, job } satisfies ToWriter);
    });
  }

  /** The Celery monitors' view of this thread. */
  celery(): CeleryBatchWriter {
    return {
      // Rows are built here, on the engine's thread, which has time to spare; the writer has none.
      write: (batch) => this.write({ kind: 'celery', batch: { ...batch, tasks: batch.tasks.map((task) => taskValues(batch.deploymentId, task)) } }).then(() => undefined),
      close: () => this.close(),
    };
  }

  /** The notification consumers' view of this thread. */
  notifications(): NotificationBatchWriter {
    return { write: (batch) => this.write({ kind: 'notifications', batch }) };
  }

  /** Lets the thread commit everything already written, then ends it. */
  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ kind: 'close' } satisfies ToWriter);
    await exited;
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const entry = this.#o.entry ?? new URL('./store-writer-worker.ts', import.meta.url);
    // The writer keeps nothing between batches: a small young generation keeps its garbage from
    // sitting resident (the engine's own V8 flags do the same for the engine thread).
    const worker = new Worker(entry, {
      workerData: { dataDir: this.#o.dataDir, writeTurn: this.#o.writeTurn?.buffer } satisfies WriterThreadData,
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
    worker.on('message', (message: FromWriter) => this.#onMessage(message));
    worker.on('error', (error) => {
      this.#o.log.error('the store writer thread failed', { err: error });
      this.#failAll(`The store writer stopped: ${error.message}`);
    });
    worker.on('exit', (code) => {
      this.#o.writeTurn?.writerGone();
      if (this.#worker === worker) this.#worker = undefined;
      if (this.#waiting.size > 0) this.#failAll(`The store writer exited (code ${code}) before committing.`);
    });
    this.#worker = worker;
    return worker;
  }

  #onMessage(message: FromWriter): void {
    switch (message.kind) {
      case 'ready':
        return;
      case 'written':
        this.#o.onCommit?.();
        this.#settle(message.id)?.resolve(message.outcome);
        return;
      case 'failed':
        this.#o.onCommit?.({ code: message.code, message: message.message });
        this.#settle(message.id)?.reject(Object.assign(new Error(message.message), { code: message.code }));
        return;
      case 'indexing-failed':
        this.#o.log.warn('text search indexing failed; searches scan what is not indexed', { reason: message.message });
        return;
      case 'written-behind':
        this.#o.onWrittenBehind?.(message.deploymentIds);
        return;
      case 'deriving-failed':
        this.#o.log.warn('deriving notification timings and lifecycles failed; the next turn tries again', { reason: message.message });
        return;
      case 'checkpoint-failed':
        this.#o.log.warn('checkpointing the WAL while idle failed; the next pause tries again', { reason: message.message });
        return;
      case 'fatal':
        this.#o.log.error('the store writer could not open the store', { reason: message.message });
        this.#failAll(`The store writer could not open the store: ${message.message}`);
        return;
    }
  }

  #settle(id: number): Waiting | undefined {
    const waiting = this.#waiting.get(id);
    this.#waiting.delete(id);
    return waiting;
  }

  #failAll(reason: string): void {
    const waiting = [...this.#waiting.values()];
    this.#waiting.clear();
    for (const w of waiting) w.reject(new Error(reason));
  }
}
