import type { Database } from 'better-sqlite3';

/** What a part tells the engine's side of the thread, outside any one batch (a pass wrote rows, idle work failed). */
export interface PartNotice {
  kind: string;
  [field: string]: unknown;
}

/** What an idle turn of a part did: more to do at once, nothing (the next part's turn), or wait this long first. */
export type IdleTurn = 'more' | 'done' | { waitMs: number };

/**
 * A capability's share of the store writer thread: it commits the capability's batches and does
 * its work behind ingest. Parts are built in the thread, on its connection; the kernel owns the
 * transactions, their order and when idle work runs, and knows nothing of what a part stores.
 */
export interface WriterPart {
  /**
   * Readies a posted batch outside the transaction (decoding, say) and returns the commit, run
   * inside the writer's transaction; what it returns is the batch's outcome for the engine.
   */
  prepare(batch: unknown): () => unknown;
  /** After the transaction, committed or not: gives back what the batch borrowed (shared memory). */
  settle?(batch: unknown): void;
  /** After each transaction: work that must keep pace with ingest rather than wait for a pause. */
  afterCommit?(): void;
  /** One small turn of work behind ingest (a chunk of about 10-25 ms); parts take turns in the order given. */
  idleTurn?(): IdleTurn;
}

/** Builds a part on the writer thread's connection; `notify` reaches the part's listener on the engine's side. */
export type WriterPartFactory = (db: Database, notify: (notice: PartNotice) => void) => WriterPart;
