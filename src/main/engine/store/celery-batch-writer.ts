import type { TaskRecord, WorkerRecord } from '../celery/events/index.ts';
import type { CeleryStore, RejectedMessage } from './celery-store.ts';

/** What one flush of a deployment's Celery monitor commits at once. */
export interface CeleryBatch {
  deploymentId: number;
  tasks: readonly TaskRecord[];
  workers: readonly WorkerRecord[];
  rejected: readonly RejectedMessage[];
}

/**
 * Commits Celery batches. The promise resolves once the batch is committed (then, and only then,
 * may the messages behind it be acked) and batches commit in the order they were written.
 */
export interface CeleryBatchWriter {
  write(batch: CeleryBatch): Promise<void>;
  close(): Promise<void>;
}

/** Commits on the calling thread: for in-memory stores (tests) and anything without a data dir. */
export function inlineCeleryWriter(store: CeleryStore): CeleryBatchWriter {
  return {
    write(batch) {
      try {
        store.save(batch.deploymentId, batch.tasks, batch.workers, batch.rejected);
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(error as Error);
      }
    },
    close: () => Promise.resolve(),
  };
}
