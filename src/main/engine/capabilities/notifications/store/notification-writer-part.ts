import type { WriterPartFactory } from '../../../kernel/store/writer/writer-part.ts';
import { decodeDeliveries, settleDeliveries } from '../notification-deliveries.ts';
import type { NotificationBatch, NotificationBatchOutcome } from './notification-batch-writer.ts';
import { NotificationStore } from './notification-store.ts';

/** Events derived per turn: about 10 ms of work, so a batch arriving meanwhile waits little. */
const DERIVE_CHUNK = 500;
/**
 * Rows and derivations are written in pauses of ingest this long, and not until a backlog has
 * been drained this long ago: while the consumers' credit is used up (a backlog in the cloud's
 * queue), the CPU goes to emptying it, up to DERIVE_BEHIND_LIMIT. A steady stream leaves gaps,
 * and the rows keep up in them.
 */
const QUIET_MS = 20;
const AFTER_BACKLOG_MS = 200;
/**
 * Past this many committed events whose rows are not written yet, each commit is followed by a
 * pass. It bounds what a burst leaves not yet browsable (the console says how many): at the
 * broker's pace here, about 3 s of notifications, written in about as long once it ends.
 */
const DERIVE_BEHIND_LIMIT = 100_000;

/**
 * Notifications' share of the writer thread. Deliveries are decoded here, before the transaction,
 * so the engine's thread only frames AMQP and the store's write lock is held only while writing;
 * bodies are committed in blocks, and their rows, timings, lifecycles and KPIs written behind.
 */
export const notificationWriterPart: WriterPartFactory = (db, notify) => {
  const notifications = new NotificationStore(db);
  /** Committed events whose rows are still to be written: read at start and after each pass, counted up by each batch. */
  let behind = notifications.writes.behind();
  let storedSinceCommit = 0;
  let lastCommitAt = performance.now();
  let lastBacklogAt = -Infinity;

  const deriveChunk = (limit = DERIVE_CHUNK): number => {
    try {
      const written = notifications.writes.deriveSome(limit);
      // Read back rather than kept: a batch counted, then rolled back, would leave the count high.
      behind = notifications.writes.behind();
      // Their views changed with no new batch: the engine tells the console (after a burst, nothing else would).
      if (written.events > 0) notify({ kind: 'written-behind', deploymentIds: written.deploymentIds });
      return written.events;
    } catch (error) {
      // Nothing is lost: the events stay stored, and the next turn tries them again.
      notify({ kind: 'deriving-failed', message: (error as Error).message });
      return 0;
    }
  };

  return {
    prepare(posted) {
      const batch = posted as NotificationBatch;
      const decoded = decodeDeliveries(batch.deliveries);
      return (): NotificationBatchOutcome => {
        const stored = notifications.writes.save(batch.deploymentId, decoded, decoded.rejected);
        if (batch.backlog) lastBacklogAt = performance.now();
        behind += stored;
        storedSinceCommit += stored;
        return { stored, rejected: decoded.rejected.length };
      };
    },
    // Committed or failed, every batch's bodies are read: their ring space is the consumer's again.
    settle(posted) {
      settleDeliveries((posted as NotificationBatch).deliveries);
    },
    afterCommit() {
      lastCommitAt = performance.now();
      const storedNow = storedSinceCommit;
      storedSinceCommit = 0;
      // Too much waits to be derived: derive as much as was just stored, in turn with ingest, so
      // what a sustained overload leaves behind stays bounded (ingest slows to what both sustain).
      if (behind > DERIVE_BEHIND_LIMIT) deriveChunk(Math.max(DERIVE_CHUNK, storedNow));
    },
    idleTurn() {
      if (behind <= 0) return 'done';
      const wait = Math.max(lastCommitAt + QUIET_MS, lastBacklogAt + AFTER_BACKLOG_MS) - performance.now();
      if (wait > 0) return { waitMs: wait };
      return deriveChunk() > 0 ? 'more' : 'done';
    },
  };
};
