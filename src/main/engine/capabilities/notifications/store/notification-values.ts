import type { DecodedNotification } from '../decode-notification.ts';

/** Where a notification came from. */
export interface NotificationOrigin {
  exchange: string;
  queue: string;
  routingKey: string;
  receivedAt: number;
}

/**
 * A notification's nova_events columns after (id, deployment_id), in the insert's order, as a
 * block keeps them (notification-blocks.ts): an array of values is a third the JSON of an object
 * (no property names per event) and binds as it is.
 */
export type NotificationValues = readonly [
  messageId: string,
  atUs: number,
  receivedAt: number,
  eventType: string,
  publisher: string,
  service: string,
  host: string | null,
  instance: string | null,
  requestId: string | null,
  tenant: string | null,
  priority: string | null,
  exchange: string,
  queue: string,
  routingKey: string,
  state: string | null,
  oldState: string | null,
  taskState: string | null,
  oldTaskState: string | null,
  format: 'v1' | 'v2',
  isError: 0 | 1,
  rawOffset: number,
  rawSize: number,
  /** Last, so a block written before it (22 values) reads with it absent (notification-blocks.ts). */
  skewedAtUs: number | null,
];

/** The columns the values fill, in their order (for the insert). */
export const NOTIFICATION_VALUE_COLUMNS =
  'message_id, at_us, received_at, event_type, publisher, service, host, instance, request_id, tenant, priority, exchange, queue, routing_key, state, old_state, task_state, old_task_state, format, is_error, raw_offset, raw_size, skewed_at_us';

/** Where an event's body lies in its block's decompressed bodies. */
export interface RawSlice {
  offset: number;
  size: number;
}

export function notificationValues(n: DecodedNotification, origin: NotificationOrigin, raw: RawSlice): NotificationValues {
  return [
    n.messageId,
    n.atUs,
    origin.receivedAt,
    n.eventType,
    n.publisher,
    n.service,
    n.host,
    n.instance,
    n.requestId,
    n.tenant,
    n.priority,
    origin.exchange,
    origin.queue,
    origin.routingKey,
    n.state,
    n.oldState,
    n.taskState,
    n.oldTaskState,
    n.format,
    n.isError ? 1 : 0,
    raw.offset,
    raw.size,
    n.skewedAtUs,
  ];
}
