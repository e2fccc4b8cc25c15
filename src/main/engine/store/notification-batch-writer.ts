import { decodeDeliveries, settleDeliveries, type NotificationDeliveries } from '../nova/notification-deliveries.ts';
import type { NotificationStore } from './notification-store.ts';

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
