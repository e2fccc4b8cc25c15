// Celery events as Tach's domain sees them: what a worker or client published on the
// `celeryev` exchange (Celery 5.x, celery/events/dispatcher.py and the Event Reference
// in docs/userguide/monitoring.rst), in camelCase, plus the moment Tach received it.
//
// Field presence follows the wire: `undefined` means the sender did not include the key,
// `null` means it sent null. The reducer copies only keys that were present, as
// celery.events.state does with dict.update(), so an on-demand `worker-heartbeat`
// (freq and sw_* only) does not wipe a worker's active/processed counts.

export const TASK_EVENT_TYPES = [
  'task-sent',
  'task-received',
  'task-started',
  'task-succeeded',
  'task-failed',
  'task-retried',
  'task-revoked',
  'task-rejected',
  'task-cancelled',
] as const;
export const WORKER_EVENT_TYPES = ['worker-online', 'worker-heartbeat', 'worker-offline'] as const;

export type TaskEventType = (typeof TASK_EVENT_TYPES)[number];
export type WorkerEventType = (typeof WORKER_EVENT_TYPES)[number];
export type KnownEventType = TaskEventType | WorkerEventType;

/** Added to every event by EventDispatcher.publish, plus our receipt time. */
export interface CeleryEventCommon {
  hostname: string;
  /**
   * Sender's time.time(): POSIX epoch seconds (float), so already absolute. When that is not
   * believable (event-limits.ts: more than 30 days before or 1 hour after our receipt), our
   * receipt time instead, and the sender's value is in `skewedTimestamp`.
   */
  timestamp: number;
  /** The sender's timestamp when it was replaced by our receipt time (clock skew); else undefined. */
  skewedTimestamp: number | undefined;
  /**
   * Sender's offset in hours WEST of UTC (celery.utils.time.utcoffset, sign inverted from
   * ISO). Only needed to show the sender's wall-clock time; `timestamp` needs no adjusting.
   */
  utcoffset: number | null;
  pid: number | null;
  /** Sender's Lamport clock (absent when the dispatcher is `blind`). */
  clock: number | null;
  /** When Tach decoded the message: epoch milliseconds from the injected clock. */
  localReceived: number;
}

interface KnownEventBase extends CeleryEventCommon {
  generic: false;
}

/** Free-text fields cut to event-limits.ts' sizes: their original UTF-8 sizes by field name. */
export interface Truncations {
  truncated: Readonly<Record<string, number>> | undefined;
}

/** Fields the client puts on task-sent and the worker on task-received. */
export interface TaskMessageFields {
  uuid: string;
  name?: string | null;
  /** repr() of the positional arguments, as a string. */
  args?: string | null;
  kwargs?: string | null;
  retries?: number | null;
  /** ISO 8601 strings or null. */
  eta?: string | null;
  expires?: string | null;
  rootId?: string | null;
  parentId?: string | null;
}

/** Published by the client (only with task_send_sent_event=True); hostname is the client's. */
export interface TaskSentEvent extends KnownEventBase, TaskMessageFields, Truncations {
  type: 'task-sent';
  queue?: string | null;
  exchange?: string | null;
  routingKey?: string | null;
}

export interface TaskReceivedEvent extends KnownEventBase, TaskMessageFields, Truncations {
  type: 'task-received';
}

/** task-started and task-cancelled carry nothing beyond the uuid. */
export interface TaskBareEvent extends KnownEventBase {
  type: 'task-started' | 'task-cancelled';
  uuid: string;
}

export interface TaskSucceededEvent extends KnownEventBase, Truncations {
  type: 'task-succeeded';
  uuid: string;
  /** saferepr() of the return value, truncated by resultrepr_maxsize. */
  result?: string | null;
  /** Seconds. */
  runtime?: number | null;
}

/** task-failed and task-retried both carry the exception repr and the traceback text. */
export interface TaskFailureEvent extends KnownEventBase, Truncations {
  type: 'task-failed' | 'task-retried';
  uuid: string;
  exception?: string | null;
  traceback?: string | null;
}

export interface TaskRevokedEvent extends KnownEventBase {
  type: 'task-revoked';
  uuid: string;
  terminated?: boolean | null;
  signum?: number | string | null;
  expired?: boolean | null;
}

export interface TaskRejectedEvent extends KnownEventBase {
  type: 'task-rejected';
  uuid: string;
  requeue?: boolean | null;
}

/** worker-online, worker-heartbeat and worker-offline share worker/heartbeat.py's payload. */
export interface WorkerEvent extends KnownEventBase {
  type: WorkerEventType;
  /** Heartbeat interval in seconds (2.0 by default; 5 for on-demand heartbeats). */
  freq?: number | null;
  /** The freq the worker sent when it was out of 0.1..3600 s (then `freq` is Celery's default 2). */
  freqIgnored: number | undefined;
  active?: number | null;
  processed?: number | null;
  loadavg?: number[] | null;
  swIdent?: string | null;
  swVer?: string | null;
  swSys?: string | null;
}

/**
 * Any other type (worker-elect, custom task-* events an application sends...). Kept
 * rather than rejected, with the parsed body, and flagged so it can be counted.
 */
export interface GenericCeleryEvent extends CeleryEventCommon {
  type: string;
  generic: true;
  /** Present when the body had a string uuid (custom task events usually do). */
  uuid: string | null;
  /** The parsed JSON object, untouched (snake_case keys). */
  fields: Readonly<Record<string, unknown>>;
}

export type TaskEvent =
  | TaskSentEvent
  | TaskReceivedEvent
  | TaskBareEvent
  | TaskSucceededEvent
  | TaskFailureEvent
  | TaskRevokedEvent
  | TaskRejectedEvent;

export type KnownCeleryEvent = TaskEvent | WorkerEvent;

/** Narrow with `event.generic` first; then `event.type` discriminates the known events. */
export type CeleryEvent = KnownCeleryEvent | GenericCeleryEvent;
