import { Worker } from 'node:worker_threads';
import type { Logger } from '../logging/logger.ts';
import type { WriteTurn } from './write-turn.ts';
import type { PartNotice } from './writer/writer-part.ts';
import type { FromWriter, ToWriter, WriterThreadData } from './writer/writer-protocol.ts';

export interface StoreWriterThreadOptions {
  dataDir: string;
  /**
   * The worker's entry module: the one that runs `runStoreWriter` with every capability's writer
   * part (the engine's store-writer-worker.ts from source; a bundled door builds it as an entry of its own).
   */
  entry: URL;
  log: Logger;
  /** Shared with the engine's connection (write-turn.ts), so its writes are not starved. */
  writeTurn?: WriteTurn;
  /** Each batch's commit: succeeded (no argument) or failed (SQLITE_FULL says the disk is full). */
  onCommit?: (failure?: { code?: string; message: string }) => void;
}

interface Waiting {
  resolve: (outcome: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * Commits ingest batches on a worker thread with its own SQLite connection, each through the
 * writer part (writer/writer-part.ts) of the capability that posts it. One thread, one queue: batches commit in the order written, so acking each batch's
 * last message (multiple) after its promise resolves never acks anything uncommitted. A thread
 * that dies fails every batch it held (their messages are redelivered) and the next write starts
 * a new one.
 */
export class StoreWriterThread {
  readonly #o: StoreWriterThreadOptions;
  readonly #waiting = new Map<number, Waiting>();
  readonly #noticeListeners = new Map<string, (notice: PartNotice) => void>();
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

  /** Resolves with what the part's commit returned, once the batch is committed. */
  write(part: string, batch: unknown): Promise<unknown> {
    if (this.#closed) return Promise.reject(new Error('The store is closing.'));
    const worker = this.#ensureWorker();
    const id = this.#nextId++;
    return new Promise<unknown>((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      worker.postMessage({ kind: 'write', id, job: { part, batch } } satisfies ToWriter);
    });
  }

  /** Where a part's notices (outside any batch) go: one listener per part. */
  onNotice(part: string, listener: (notice: PartNotice) => void): void {
    this.#noticeListeners.set(part, listener);
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
    const entry = this.#o.entry;
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
      case 'notice': {
        const listener = this.#noticeListeners.get(message.part);
        if (listener) listener(message.notice);
        else this.#o.log.warn('a store writer part said something nobody listens to', { part: message.part, notice: message.notice });
        return;
      }
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
