import type { IncomingNotification, NotificationStore, RejectedNotificationInput } from './notification-store.ts';

/** What one flush of a deployment's notification consumer commits at once. */
export interface NotificationBatch {
  deploymentId: number;
  events: readonly IncomingNotification[];
  rejected: readonly RejectedNotificationInput[];
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
        return Promise.resolve(store.save(batch.deploymentId, batch.events, batch.rejected));
      } catch (error) {
        return Promise.reject(error as Error);
      }
    },
  };
}
