import type { WriterPartFactory } from '../../../kernel/store/writer/writer-part.ts';
import { writeCamera, type CeleryValuesBatch } from './celery-batch-writer.ts';
import { CeleryStore, type RejectedMessage } from './celery-store.ts';
import { SearchIndexer } from './search-indexer.ts';
import { SnapshotStore } from './snapshot-store.ts';

/** Rows indexed per idle turn: about 25 ms of work, so a batch arriving meanwhile waits little. */
const INDEX_CHUNK = 1_000;

// Structured clone turns a Buffer into a plain Uint8Array, which SQLite will not bind.
const asBuffer = (body: Uint8Array): Buffer => Buffer.from(body.buffer, body.byteOffset, body.byteLength);

/** Celery's share of the writer thread: batches of tasks, workers, rejections and camera shots; search indexing behind ingest. */
export const celeryWriterPart: WriterPartFactory = (db, notify) => {
  const store = new CeleryStore(db);
  const snapshots = new SnapshotStore(db);
  const indexer = new SearchIndexer(db);
  return {
    prepare(posted) {
      const batch = posted as CeleryValuesBatch;
      const rejected: RejectedMessage[] = batch.rejected.map((r) => ({ ...r, body: asBuffer(r.body) }));
      return () => {
        store.saveValues(batch.deploymentId, batch.tasks, batch.workers, rejected);
        writeCamera(snapshots, batch.deploymentId, batch.camera);
      };
    },
    idleTurn() {
      try {
        return indexer.indexSome(INDEX_CHUNK) === INDEX_CHUNK ? 'more' : 'done';
      } catch (error) {
        // Search falls back to scanning what is not indexed; ingest must not suffer for it.
        notify({ kind: 'indexing-failed', message: (error as Error).message });
        return 'done';
      }
    },
  };
};
