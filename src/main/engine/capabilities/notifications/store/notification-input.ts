import type { NotificationBlock } from './notification-blocks.ts';

// What a batch of notifications is made of on its way to the store, shared by the store, its
// writes and the decoder of deliveries (kept apart so none of them imports another's module).

/** A batch's notifications as they are committed: in blocks (notification-blocks.ts). */
export interface PackedNotifications {
  blocks: readonly NotificationBlock[];
}

export interface RejectedNotificationInput {
  receivedAt: number;
  exchange: string;
  queue: string;
  routingKey: string;
  reason: string;
  body: Buffer;
}
