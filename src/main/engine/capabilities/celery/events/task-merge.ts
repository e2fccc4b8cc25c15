// Applying one task event to a task record, with Celery's out-of-order rules
// (celery/events/state.py Task.event). Events from different processes (the client's
// task-sent, the worker's buffered task.multi batches, a retry on another worker) do not
// arrive in the order they happened, so "latest wins" would move SUCCESS back to STARTED.
// Celery orders states by PRECEDENCE instead, and so do we.

import type { GenericCeleryEvent, TaskEvent, TaskMessageFields, TaskRevokedEvent, TaskSentEvent } from './celery-event.ts';
import type { TaskRecord } from './task-record.ts';
import { precedence, RETRY, stateForEventType } from './task-states.ts';

export type TaskLikeEvent = TaskEvent | GenericCeleryEvent;

/**
 * Updates `task` in place. Returns true when the event set the state, false when it
 * arrived late (its state has lower precedence than the current one) and was merged.
 *
 * - Every event records its own transition time (task.sent, task.started, ...), late or not,
 *   and so do the details of a revoke (terminated, signum, expired) or a reject (requeue),
 *   which no other event carries. This matters for REJECTED: Celery ranks it below
 *   RECEIVED, so a task-rejected after task-received leaves the task RECEIVED (as in
 *   Celery); `rejected` and `requeue` still say what happened.
 * - RETRY is exempt from precedence both ways, as in Celery: a retried task is received
 *   and started again, and a retried event always lands.
 * - A late event contributes only merge_rules[RECEIVED] (name, args, kwargs, parent_id,
 *   root_id, retries, eta, expires), plus task-sent's routing (queue, exchange,
 *   routing_key), which describes the message rather than a state and which no other event
 *   carries. Celery copies every field of a late event that has no merge rule; we do not,
 *   so a late task-failed cannot put an exception on a SUCCESS task (its `failed` time
 *   still records that it happened).
 * - `worker` follows the event that set the state; a late event fills it only when unset.
 *   Celery overwrites it on every worker event, which lets a straggler from a previous
 *   worker relabel a task that has since been retried elsewhere.
 */
export function applyTaskEvent(task: TaskRecord, event: TaskLikeEvent): boolean {
  const state = stateForEventType(event.type);
  if (event.skewedTimestamp !== undefined) task.clockSkew = event.skewedTimestamp;
  recordTransition(task, event);
  task.lastEventAt = event.localReceived;
  const isSent = event.type === 'task-sent';
  if (isSent) task.client = event.hostname;

  const current = task.state;
  if (state !== RETRY && current !== RETRY && precedence(state) > precedence(current)) {
    if (!isSent && task.worker === null) task.worker = event.hostname;
    if (!event.generic) mergeLateFields(task, event);
    return false;
  }

  task.state = state;
  task.timestamp = event.timestamp;
  if (!isSent) task.worker = event.hostname;
  if (!event.generic) copyPayload(task, event);
  return true;
}

function recordTransition(task: TaskRecord, event: TaskLikeEvent): void {
  // Custom types have no transition field (Celery sets one only for mapped types).
  if (event.generic) return;
  const at = event.timestamp;
  switch (event.type) {
    case 'task-sent': task.sent = at; break;
    case 'task-received': task.received = at; break;
    case 'task-started': task.started = at; break;
    case 'task-succeeded': task.succeeded = at; break;
    case 'task-failed': task.failed = at; break;
    case 'task-retried': task.retried = at; break;
    case 'task-revoked':
      task.revoked = at;
      copyRevokeDetails(task, event);
      break;
    case 'task-rejected':
      task.rejected = at;
      if (event.requeue !== undefined) task.requeue = event.requeue;
      break;
    default: break;
  }
}

function copyRevokeDetails(task: TaskRecord, event: TaskRevokedEvent): void {
  if (event.terminated !== undefined) task.terminated = event.terminated;
  if (event.signum !== undefined) task.signum = event.signum;
  if (event.expired !== undefined) task.expired = event.expired;
}

function mergeLateFields(task: TaskRecord, event: TaskEvent): void {
  if (event.type === 'task-sent') {
    copyMessageFields(task, event);
    copyRouting(task, event);
    noteTruncation(task, event, event.truncated, SENT_FIELDS);
  } else if (event.type === 'task-received') {
    copyMessageFields(task, event);
    noteTruncation(task, event, event.truncated, RECEIVED_FIELDS);
  }
}

const RECEIVED_FIELDS = ['args', 'kwargs', 'eta', 'expires'] as const;
const SENT_FIELDS = [...RECEIVED_FIELDS, 'queue', 'exchange', 'routingKey'] as const;
const SUCCEEDED_FIELDS = ['result'] as const;
const FAILURE_FIELDS = ['exception', 'traceback'] as const;

/**
 * For each capped field the event carried (and so was copied), records the size it arrived with
 * when it was cut, or forgets an earlier cut when the new value came whole. Cheap when nothing
 * was ever cut, which is every event of a sane fleet.
 */
function noteTruncation<F extends string>(task: TaskRecord, event: Partial<Record<F, unknown>>, sizes: Readonly<Record<string, number>> | undefined, fields: readonly F[]): void {
  if (sizes === undefined && task.truncated === null) return;
  const next: Record<string, number> = { ...task.truncated };
  for (const field of fields) {
    if (event[field] === undefined) continue;
    const size = sizes?.[field];
    if (size === undefined) delete next[field];
    else next[field] = size;
  }
  task.truncated = next;
}

// Only keys the sender included are copied (undefined = absent), like dict.update().
function copyPayload(task: TaskRecord, event: TaskEvent): void {
  switch (event.type) {
    case 'task-sent':
      copyMessageFields(task, event);
      copyRouting(task, event);
      noteTruncation(task, event, event.truncated, SENT_FIELDS);
      break;
    case 'task-received':
      copyMessageFields(task, event);
      noteTruncation(task, event, event.truncated, RECEIVED_FIELDS);
      break;
    case 'task-succeeded':
      if (event.result !== undefined) task.result = event.result;
      if (event.runtime !== undefined) task.runtime = event.runtime;
      noteTruncation(task, event, event.truncated, SUCCEEDED_FIELDS);
      break;
    case 'task-failed':
    case 'task-retried':
      if (event.exception !== undefined) task.exception = event.exception;
      if (event.traceback !== undefined) task.traceback = event.traceback;
      noteTruncation(task, event, event.truncated, FAILURE_FIELDS);
      break;
    default:
      break;
  }
}

/** merge_rules[RECEIVED] in celery/events/state.py. */
function copyMessageFields(task: TaskRecord, event: TaskMessageFields): void {
  if (event.name !== undefined) task.name = event.name;
  if (event.args !== undefined) task.args = event.args;
  if (event.kwargs !== undefined) task.kwargs = event.kwargs;
  if (event.parentId !== undefined) task.parentId = event.parentId;
  if (event.rootId !== undefined) task.rootId = event.rootId;
  if (event.retries !== undefined) task.retries = event.retries;
  if (event.eta !== undefined) task.eta = event.eta;
  if (event.expires !== undefined) task.expires = event.expires;
}

function copyRouting(task: TaskRecord, event: TaskSentEvent): void {
  if (event.queue !== undefined) task.queue = event.queue;
  if (event.exchange !== undefined) task.exchange = event.exchange;
  if (event.routingKey !== undefined) task.routingKey = event.routingKey;
}
