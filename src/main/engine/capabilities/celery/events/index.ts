// Celery events: decode what arrives on the `celeryev` exchange, reduce it to bounded
// task and worker state, and drain the changes for persistence.
export type * from './celery-event.ts';
export { decodeCeleryMessage } from './decode-celery-message.ts';
export type { CeleryMessage, CeleryRejection, DecodedCeleryMessage } from './decode-celery-message.ts';
export { CeleryState } from './celery-state.ts';
export type { CeleryStateOptions, DirtyRecords } from './celery-state.ts';
export type { EventCounts, TaskCounts } from './tallies.ts';
export type { TaskRecord } from './task-record.ts';
export type { WorkerRecord } from './worker-record.ts';
export { precedence, PRECEDENCE, TASK_EVENT_TO_STATE } from './task-states.ts';
export type { KnownTaskState, TaskState } from './task-states.ts';
export {
  DEFAULT_FREQ_SECONDS,
  HEARTBEAT_DRIFT_MAX,
  HEARTBEAT_EXPIRE_WINDOW,
  HEARTBEAT_MAX,
  heartbeatExpiresAt,
  workerStatus,
} from './worker-liveness.ts';
export type { WorkerStatus } from './worker-liveness.ts';
