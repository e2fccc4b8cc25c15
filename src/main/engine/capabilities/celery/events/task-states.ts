// Celery's task states and their precedence (celery/states.py, celery/events/state.py).

export const PENDING = 'PENDING';
export const RECEIVED = 'RECEIVED';
export const STARTED = 'STARTED';
export const SUCCESS = 'SUCCESS';
export const FAILURE = 'FAILURE';
export const RETRY = 'RETRY';
export const REVOKED = 'REVOKED';
export const REJECTED = 'REJECTED';

export type KnownTaskState =
  | typeof PENDING
  | typeof RECEIVED
  | typeof STARTED
  | typeof SUCCESS
  | typeof FAILURE
  | typeof RETRY
  | typeof REVOKED
  | typeof REJECTED;

/**
 * A known state, or a custom one: like Celery, an event type without a mapping
 * (task-cancelled, an application's own task-progress...) becomes the upper-cased
 * suffix ('CANCELLED', 'PROGRESS').
 */
export type TaskState = KnownTaskState | (string & {});

/**
 * celery.events.state.TASK_EVENT_TO_STATE, keyed by the full event type. A Map, not an
 * object literal: event types come off the wire, and 'task-constructor' must not find
 * anything on Object.prototype.
 */
export const TASK_EVENT_TO_STATE: ReadonlyMap<string, KnownTaskState> = new Map<string, KnownTaskState>([
  ['task-sent', PENDING],
  ['task-received', RECEIVED],
  ['task-started', STARTED],
  ['task-failed', FAILURE],
  ['task-retried', RETRY],
  ['task-succeeded', SUCCESS],
  ['task-revoked', REVOKED],
  ['task-rejected', REJECTED],
]);

/**
 * celery.states.PRECEDENCE: earlier means "happens later" and wins. `null` stands for
 * every state not listed (custom states), exactly where Celery puts None.
 */
export const PRECEDENCE: readonly (KnownTaskState | null)[] = [
  SUCCESS,
  FAILURE,
  null,
  REVOKED,
  STARTED,
  RECEIVED,
  REJECTED,
  RETRY,
  PENDING,
];

const UNLISTED = PRECEDENCE.indexOf(null);
const INDEX = new Map<string, number>();
PRECEDENCE.forEach((state, index) => {
  if (state !== null) INDEX.set(state, index);
});

/** celery.states.precedence(): a lower number wins. Custom states rank with None. */
export function precedence(state: string): number {
  return INDEX.get(state) ?? UNLISTED;
}

/** The state an event type moves a task to, known or custom. */
export function stateForEventType(type: string): TaskState {
  return TASK_EVENT_TO_STATE.get(type) ?? type.slice(type.indexOf('-') + 1).toUpperCase();
}
