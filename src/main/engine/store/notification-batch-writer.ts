import type { NotificationStore, PackedNotifications, RejectedNotificationInput } from './notification-store.ts';

/** What one flush of a deployment's notification consumer commits at once. */
export interface NotificationBatch extends PackedNotifications {
  deploymentId: number;
  rejected: readonly RejectedNotificationInput[];
  /** Sent while a backlog drains (the consumer's credit nearly used up): derivations can wait. */
  backlog?: boolean;
}

/**
 * Commits notification batches; resolves with how many events were new (the rest were already
 * stored: redeliveries), once committed, in the order written.
 */
export interface NotificationBatchWriter {
  write(batch: NotificationBatch): Promise<number>;
}

/** Stores a batch and derives from it at once: with no writer thread, nothing derives behind. */
function inlineSave(store: NotificationStore, batch: NotificationBatch): number {
  const stored = store.writes.save(batch.deploymentId, batch, batch.rejected);
  store.writes.deriveAll();
  return stored;
}

/** Commits on the calling thread: for in-memory stores (tests). */
export function inlineNotificationWriter(store: NotificationStore): NotificationBatchWriter {
  return {
    write(batch) {
      try {
        return Promise.resolve(inlineSave(store, batch));
      } catch (error) {
        return Promise.reject(error as Error);
      }
    },
  };
}
