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

/** Commits on the calling thread: for in-memory stores (tests). */
export function inlineNotificationWriter(store: NotificationStore): NotificationBatchWriter {
  return {
    write(batch) {
      try {
        return Promise.resolve(store.savePacked(batch.deploymentId, batch, batch.rejected));
      } catch (error) {
        return Promise.reject(error as Error);
      }
    },
  };
}
