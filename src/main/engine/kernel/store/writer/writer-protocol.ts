import type { PartNotice } from './writer-part.ts';

// Messages between the engine and its store writer thread.

export interface WriterThreadData {
  dataDir: string;
  /** The engine's WriteTurn buffer (write-turn.ts), when its connection writes too. */
  writeTurn?: SharedArrayBuffer;
}

/** A batch for the writer thread, for the part named `part` to commit. */
export interface WriteJob {
  part: string;
  batch: unknown;
}

export type ToWriter = { kind: 'write'; id: number; job: WriteJob } | { kind: 'close' };

export type FromWriter =
  | { kind: 'ready' }
  /** What the part's commit returned. */
  | { kind: 'written'; id: number; outcome: unknown }
  /** `code`: SQLite's (SQLITE_FULL when the disk is full), when the failure has one. */
  | { kind: 'failed'; id: number; message: string; code?: string }
  | { kind: 'fatal'; message: string }
  | { kind: 'checkpoint-failed'; message: string }
  /** Something a part says outside any batch. */
  | { kind: 'notice'; part: string; notice: PartNotice };
