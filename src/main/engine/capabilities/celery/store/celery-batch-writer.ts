import type { TaskRecord, WorkerRecord } from '../events/index.ts';
import type { SnapshotData } from '../camera.ts';
import type { Logger } from '../../../kernel/logging/logger.ts';
import { taskValues, type TaskValues } from './celery-rows.ts';
import type { CeleryStore, RejectedMessage } from './celery-store.ts';
import type { StoreWriterThread } from '../../../kernel/store/store-writer-thread.ts';
import type { SnapshotStore } from './snapshot-store.ts';

/** What one flush of a deployment's Celery monitor commits at once. */
export interface CeleryBatch {
  deploymentId: number;
  tasks: readonly TaskRecord[];
  workers: readonly WorkerRecord[];
  rejected: readonly RejectedMessage[];
  /**
   * A camera shot to store and old shots to trim, committed with the batch by the writer: on the
   * engine's connection each took the store's write lock from the writer thread, and under load
   * the engine's thread waited ~90 ms for it every shot.
   */
  camera?: CameraWrite;
}

export interface CameraWrite {
  shot?: { takenAt: number; data: SnapshotData };
  trim?: { before: number; maxCount: number };
}

/** Stores a batch's camera work (inside the batch's transaction). */
export function writeCamera(snapshots: SnapshotStore, deploymentId: number, camera: CameraWrite | undefined): void {
  if (camera?.shot) snapshots.insert(deploymentId, camera.shot.takenAt, camera.shot.data);
  if (camera?.trim) snapshots.trim(deploymentId, camera.trim.before, camera.trim.maxCount);
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
export function inlineCeleryWriter(store: CeleryStore, snapshots: SnapshotStore): CeleryBatchWriter {
  return {
    write(batch) {
      try {
        store.save(batch.deploymentId, batch.tasks, batch.workers, batch.rejected);
        writeCamera(snapshots, batch.deploymentId, batch.camera);
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(error as Error);
      }
    },
    close: () => Promise.resolve(),
  };
}

/** The name Celery's batches go by on the store writer thread (celery-writer-part.ts commits them). */
export const CELERY_WRITER_PART = 'celery';

/** A Celery batch as it crosses to the writer: its tasks as column values (celery-rows.ts). */
export type CeleryValuesBatch = Omit<CeleryBatch, 'tasks'> & { tasks: readonly TaskValues[] };

/** Commits on the store writer thread; what the writer part says between batches is logged. */
export function threadCeleryWriter(thread: StoreWriterThread, log: Logger): CeleryBatchWriter {
  thread.onNotice(CELERY_WRITER_PART, (notice) => {
    if (notice.kind === 'indexing-failed') log.warn('text search indexing failed; searches scan what is not indexed', { reason: notice.message });
  });
  return {
    // Rows are built here, on the engine's thread, which has time to spare; the writer has none.
    write: (batch) =>
      thread
        .write(CELERY_WRITER_PART, { ...batch, tasks: batch.tasks.map((task) => taskValues(batch.deploymentId, task)) } satisfies CeleryValuesBatch)
        .then(() => undefined),
    close: () => thread.close(),
  };
}
