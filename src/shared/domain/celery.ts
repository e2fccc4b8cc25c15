// Celery monitoring as the doors see it. Times are ISO strings; durations in seconds, as Celery reports them.

export type WorkerStatus = 'online' | 'offline';

export interface CeleryWorker {
  hostname: string;
  status: WorkerStatus;
  /** When the last heartbeat (or task event) from it was received; null if never. */
  lastHeartbeat: string | null;
  /** Seconds between heartbeats the worker announced (Celery's default 2). */
  freq: number | null;
  active: number | null;
  processed: number | null;
  loadavg: number[] | null;
  software: string | null;
  pid: number | null;
  /** Seconds between the worker's clock and ours, when that exceeds Celery's 16 s warning threshold. */
  clockDrift: number | null;
  /** The heartbeat interval the worker sent when it was out of 0.1..3600 s; `freq` is then Celery's 2. */
  freqIgnored: number | null;
  firstSeen: string;
  offlineSince: string | null;
}

export type TaskState = 'PENDING' | 'RECEIVED' | 'STARTED' | 'SUCCESS' | 'FAILURE' | 'RETRY' | 'REVOKED' | 'REJECTED';

export const TASK_STATES: readonly TaskState[] = ['PENDING', 'RECEIVED', 'STARTED', 'SUCCESS', 'FAILURE', 'RETRY', 'REVOKED', 'REJECTED'];

export interface CeleryTask {
  uuid: string;
  name: string | null;
  state: TaskState;
  worker: string | null;
  args: string | null;
  kwargs: string | null;
  result: string | null;
  exception: string | null;
  runtime: number | null;
  retries: number | null;
  sent: string | null;
  received: string | null;
  started: string | null;
  succeeded: string | null;
  failed: string | null;
  retried: string | null;
  revoked: string | null;
  rejected: string | null;
  lastEventAt: string;
  /**
   * The sender's timestamp of an event whose clock was not believed (more than 30 days before or
   * 1 hour after Tach received it): ISO when it is a date at all, else the number as sent. That
   * event's time above is Tach's receipt time. Null when every event's clock was believed.
   */
  clockSkewSent: string | null;
  /** Fields cut to Tach's size limits, with the bytes they arrived with; null when none was cut. */
  truncated: Record<string, number> | null;
}

export interface CeleryTaskDetail extends CeleryTask {
  traceback: string | null;
  eta: string | null;
  expires: string | null;
  rootId: string | null;
  parentId: string | null;
}

export type ConsumerState = 'off' | 'connecting' | 'consuming' | 'reconnecting' | 'failing';

/** How the deployment's event consumer is doing: the one line an operator checks first. */
export interface CeleryConsumerStatus {
  state: ConsumerState;
  detail: string;
  since: string;
  lastEventAt: string | null;
  /** Events per second over the last few seconds. */
  rate: number;
  eventsTotal: number;
  rejectedTotal: number;
}

export interface CeleryOverview {
  consumer: CeleryConsumerStatus;
  workers: { online: number; offline: number };
  tasksByState: Partial<Record<TaskState, number>>;
}

export interface RejectedEvent {
  id: number;
  receivedAt: string;
  routingKey: string;
  contentType: string | null;
  reason: string;
  /** The body as text (replacement characters where it is not UTF-8), cut at 4 KiB. */
  preview: string;
  size: number;
}

/** One camera shot of a deployment's Celery state (like `celery events --camera`). */
export interface CelerySnapshot {
  id: number;
  takenAt: string;
  workers: { hostname: string; status: WorkerStatus; active: number | null; processed: number | null; loadavg: number[] | null; lastHeartbeat: string | null }[];
  /** Tasks in the live state (the newest `memory.maxTasks`) by state and by name. */
  tasksByState: Record<string, number>;
  tasksByName: Record<string, number>;
  /** Events received since the previous shot, by type. */
  events: { total: number; byType: Record<string, number> };
}

/** One interval of the Celery charts. */
export interface CeleryStatsBucket {
  start: string;
  succeeded: number;
  failed: number;
  retried: number;
  /** Runtime percentiles (seconds) of the tasks that succeeded in the interval; null when none did. */
  runtimeP50: number | null;
  runtimeP95: number | null;
  runtimeP99: number | null;
  /** Most workers online in any snapshot of the interval; null without snapshots. */
  workersOnline: number | null;
}

export interface CeleryStats {
  bucketSeconds: number;
  buckets: CeleryStatsBucket[];
}
