import type { CeleryBatch } from './celery-batch-writer.ts';

// Messages between the engine and its Celery writer thread.

export interface WriterThreadData {
  dataDir: string;
}

export type ToWriter = { kind: 'write'; id: number; batch: CeleryBatch } | { kind: 'close' };

export type FromWriter =
  | { kind: 'ready' }
  | { kind: 'written'; id: number }
  | { kind: 'failed'; id: number; message: string }
  | { kind: 'fatal'; message: string }
  | { kind: 'indexing-failed'; message: string };
