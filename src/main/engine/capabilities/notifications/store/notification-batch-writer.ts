import { decodeDeliveries, settleDeliveries, type NotificationDeliveries } from '../notification-deliveries.ts';
import type { Logger } from '../../../kernel/logging/logger.ts';
import type { NotificationStore } from './notification-store.ts';
import type { StoreWriterThread } from '../../../kernel/store/store-writer-thread.ts';

/** What one flush of a deployment's notification consumer commits at once. */
export interface NotificationBatch {
  deploymentId: number;
  /** Undecoded: the writer decodes them (notification-deliveries.ts). */
  deliveries: NotificationDeliveries;
  /** Sent while a backlog drains (half the consumer's credit in flight, or the queue holding more, queue-backlog.ts): derivations can wait. */
  backlog?: boolean;
}

/** A committed batch: its new events (the rest were already stored: redeliveries) and its rejected messages. */
export interface NotificationBatchOutcome {
  stored: number;
  rejected: number;
}

/** Decodes and commits notification batches; resolves once committed, in the order written. */
export interface NotificationBatchWriter {
  write(batch: NotificationBatch): Promise<NotificationBatchOutcome>;
}

/** Decodes and commits on the calling thread, rows and derivations at once: for in-memory stores (tests). */
export function inlineNotificationWriter(store: NotificationStore): NotificationBatchWriter {
  return {
    write(batch) {
      try {
        const decoded = decodeDeliveries(batch.deliveries);
        return Promise.resolve({ stored: store.savePacked(batch.deploymentId, decoded, decoded.rejected), rejected: decoded.rejected.length });
      } catch (error) {
        return Promise.reject(error as Error);
      } finally {
        settleDeliveries(batch.deliveries);
      }
    },
  };
}

/** The name notification batches go by on the store writer thread (notification-writer-part.ts commits them). */
export const NOTIFICATIONS_WRITER_PART = 'notifications';

/**
 * Decodes and commits on the store writer thread. `onWrittenBehind`: a pass behind ingest wrote
 * rows and derivations for these deployments (their counts and views changed with no new batch).
 */
export function threadNotificationWriter(thread: StoreWriterThread, log: Logger, onWrittenBehind: (deploymentIds: readonly number[]) => void): NotificationBatchWriter {
  thread.onNotice(NOTIFICATIONS_WRITER_PART, (notice) => {
    if (notice.kind === 'written-behind') onWrittenBehind(notice.deploymentIds as number[]);
    else if (notice.kind === 'deriving-failed') log.warn('deriving notification timings and lifecycles failed; the next turn tries again', { reason: notice.message });
  });
  return { write: (batch) => thread.write(NOTIFICATIONS_WRITER_PART, batch) as Promise<NotificationBatchOutcome> };
}
