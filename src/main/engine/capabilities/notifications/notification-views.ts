import type { NotificationEvent, NotificationEventDetail, RejectedNotification, RequestKpi, Timing } from '../../../../shared/domain/notifications.ts';
import type { EventRow, RejectedNotificationRow, RequestRow, TimingRow } from './store/notification-store.ts';
import { isoFromMicros } from './decode-notification.ts';

const PREVIEW_BYTES = 2048;

export function eventView(row: EventRow): NotificationEvent {
  return {
    id: row.id,
    messageId: row.message_id,
    when: isoFromMicros(row.at_us),
    eventType: row.event_type,
    publisher: row.publisher,
    service: row.service,
    host: row.host,
    instance: row.instance,
    requestId: row.request_id,
    tenant: row.tenant,
    priority: row.priority,
    routingKey: row.routing_key,
    exchange: row.exchange,
    isError: row.is_error === 1,
    clockSkewSent: row.skewed_at_us === null || row.skewed_at_us === undefined ? null : isoFromMicros(row.skewed_at_us),
  };
}

export function eventDetailView(row: EventRow & { raw: string | null }): NotificationEventDetail {
  return {
    ...eventView(row),
    deploymentId: row.deployment_id,
    queue: row.queue,
    receivedAt: new Date(row.received_at).toISOString(),
    state: row.state,
    oldState: row.old_state,
    taskState: row.task_state,
    oldTaskState: row.old_task_state,
    format: row.format,
    raw: parseRaw(row.raw),
  };
}

export function timingView(row: TimingRow): Timing {
  return {
    id: row.id,
    name: row.name,
    instance: row.instance,
    requestId: row.request_id,
    tenant: row.tenant,
    start: row.start_us === null ? null : isoFromMicros(row.start_us),
    end: row.end_us === null ? null : isoFromMicros(row.end_us),
    durationSeconds: row.duration,
  };
}

export function kpiView(row: RequestRow): RequestKpi {
  return {
    requestId: row.request_id,
    tenant: row.tenant,
    instance: row.instance,
    operation: row.operation,
    start: isoFromMicros(row.start_us),
    end: isoFromMicros(row.end_us),
    durationSeconds: row.duration,
  };
}

export function rejectedView(row: RejectedNotificationRow): RejectedNotification {
  const head = row.body.subarray(0, PREVIEW_BYTES);
  // Text stays readable; anything else is shown escaped, never as mojibake.
  const preview = head.toString('utf8').replace(/[^\t\n\r\x20-\x7e\u00a0-\uffff]|\ufffd/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return {
    id: row.id,
    receivedAt: new Date(row.received_at).toISOString(),
    exchange: row.exchange,
    queue: row.queue,
    routingKey: row.routing_key,
    reason: row.reason,
    size: row.body_size,
    preview,
  };
}

/** Stored raw JSON is always valid (it was parsed on the way in); null when retention removed it. */
function parseRaw(raw: string | null): unknown {
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}
