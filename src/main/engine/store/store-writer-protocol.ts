import type { CeleryBatch } from './celery-batch-writer.ts';
import type { TaskValues } from './celery-rows.ts';
import type { NotificationBatch, NotificationBatchOutcome } from './notification-batch-writer.ts';

// Messages between the engine and its store writer thread.

export interface WriterThreadData {
  dataDir: string;
  /** The engine's WriteTurn buffer (write-turn.ts), when its connection writes too. */
  writeTurn?: SharedArrayBuffer;
}

/** A Celery batch as it crosses to the writer: its tasks as column values (celery-rows.ts). */
export type CeleryValuesBatch = Omit<CeleryBatch, 'tasks'> & { tasks: readonly TaskValues[] };

/** A batch for the writer thread; each kind is committed by its own store. */
export type WriteJob = { kind: 'celery'; batch: CeleryValuesBatch } | { kind: 'notifications'; batch: NotificationBatch };

/** What a committed job reports: a notification batch's outcome; Celery's is all zeros. */
export type WriteOutcome = NotificationBatchOutcome;

export type ToWriter = { kind: 'write'; id: number; job: WriteJob } | { kind: 'close' };

export type FromWriter =
  | { kind: 'ready' }
  /** What the job reports: new notifications stored and messages rejected (0 for Celery, whose rejections the engine decides). */
  | { kind: 'written'; id: number; outcome: WriteOutcome }
  /** `code`: SQLite's (SQLITE_FULL when the disk is full), when the failure has one. */
  | { kind: 'failed'; id: number; message: string; code?: string }
  | { kind: 'fatal'; message: string }
  | { kind: 'indexing-failed'; message: string }
  | { kind: 'deriving-failed'; message: string }
  | { kind: 'checkpoint-failed'; message: string }
  /** A pass wrote rows and derivations behind ingest for these deployments. */
  | { kind: 'written-behind'; deploymentIds: number[] };
