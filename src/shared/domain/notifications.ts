// OpenStack notifications (StackTach's event store) as the doors see them. Times are ISO strings
// with the notifier's microseconds; durations are seconds.

/** One stored notification: what StackTach extracts, without the raw message. */
export interface NotificationEvent {
  id: number;
  messageId: string;
  when: string;
  eventType: string;
  publisher: string | null;
  service: string | null;
  host: string | null;
  instance: string | null;
  requestId: string | null;
  tenant: string | null;
  priority: string | null;
  routingKey: string;
  exchange: string;
  /** An `.error` event type or ERROR/CRITICAL priority: shown first and highlighted. */
  isError: boolean;
  /**
   * The notifier's own timestamp (ISO) when it was more than 30 days before or 1 hour after Tach
   * received the event: `when` is then Tach's receipt time. Null when the timestamp was believed.
   */
  clockSkewSent: string | null;
}

export interface NotificationEventDetail extends NotificationEvent {
  deploymentId: number;
  queue: string;
  receivedAt: string;
  state: string | null;
  oldState: string | null;
  taskState: string | null;
  oldTaskState: string | null;
  /** 'v1' (plain JSON, driver `messaging`) or 'v2' (the oslo.message envelope, `messagingv2`). */
  format: 'v1' | 'v2';
  /** The whole notification, unwrapped from its envelope. */
  raw: unknown;
}

export interface Timing {
  id: number;
  /** The event type without `.start`/`.end`, e.g. compute.instance.create. */
  name: string;
  instance: string;
  requestId: string | null;
  tenant: string | null;
  start: string | null;
  end: string | null;
  /** Null until both ends are seen. */
  durationSeconds: number | null;
}

export interface TimingSummary {
  name: string;
  count: number;
  min: number;
  max: number;
  avg: number;
  p50: number;
  p95: number;
  p99: number;
}

/** StackTach's KPI: from the API's first compute.instance.update of a request to its final `.end`. */
export interface RequestKpi {
  requestId: string;
  tenant: string | null;
  instance: string | null;
  /** The operation whose `.end` completed the request. */
  operation: string | null;
  start: string;
  end: string;
  durationSeconds: number;
}

export interface InstanceLifecycle {
  instance: string;
  state: string | null;
  taskState: string | null;
  lastEventType: string | null;
  lastEventAt: string | null;
  /** Every stored event of the instance, oldest first (raw events may have been trimmed by retention). */
  events: NotificationEvent[];
  timings: Timing[];
}

export interface RejectedNotification {
  id: number;
  receivedAt: string;
  exchange: string;
  queue: string;
  routingKey: string;
  reason: string;
  size: number;
  /** The start of the body as text (binary shown escaped). */
  preview: string;
}

/** consuming: every queue has a consumer. reconnecting: lost, retrying. failing: retried several times, or the store refuses writes. */
export type ConsumerHealth = 'off' | 'consuming' | 'reconnecting' | 'failing';

export interface QueueConsumer {
  queue: string;
  exchanges: string[];
  state: 'waiting' | 'running' | 'ready' | 'failed';
  detail: string;
  /** Found on the broker (adopted as it is) or created by Tach with the producer's flags. */
  origin: 'adopted' | 'created' | null;
  /** Null until known. A transient (non-durable) queue loses its messages when the broker restarts. */
  durable: boolean | null;
}

export interface NotificationsOverview {
  enabled: boolean;
  health: ConsumerHealth;
  detail: string;
  lastMessageAt: string | null;
  /** Notifications per second over the last few seconds. */
  rate: number;
  storedTotal: number;
  /**
   * Of the stored, those committed (and acknowledged to the broker) whose rows are still to be
   * written: not in the views yet, nor in timings, lifecycles and KPIs. 0 but during a burst.
   */
  indexingTotal: number;
  rejectedTotal: number;
  errorsTotal: number;
  queues: QueueConsumer[];
}
