// What Tach knows about one task: a plain, JSON-serialisable object (no references to
// other records, no class instance), so the persistence layer can upsert it as it is.

import { PENDING } from './task-states.ts';
import type { TaskState } from './task-states.ts';

export interface TaskRecord {
  uuid: string;
  name: string | null;
  state: TaskState;
  /** repr() strings as Celery sent them. */
  args: string | null;
  kwargs: string | null;
  result: string | null;
  exception: string | null;
  traceback: string | null;
  /** Seconds, from task-succeeded. */
  runtime: number | null;
  retries: number | null;
  /** ISO 8601 strings as Celery sent them. */
  eta: string | null;
  expires: string | null;
  rootId: string | null;
  parentId: string | null;
  /** Hostname of the worker whose event set the current state (or the first worker seen). */
  worker: string | null;
  /** Hostname of the client that published task-sent. */
  client: string | null;
  /** Routing as the client declared it on task-sent. */
  queue: string | null;
  exchange: string | null;
  routingKey: string | null;
  /** From task-revoked. */
  terminated: boolean | null;
  signum: number | string | null;
  expired: boolean | null;
  /** From task-rejected. */
  requeue: boolean | null;
  /** Sender timestamp (epoch seconds) of the event that set the current state. */
  timestamp: number | null;
  // Sender timestamps (epoch seconds) of each transition, as Celery's Task keeps them.
  // Set even by an event that arrives late and does not change the state.
  sent: number | null;
  received: number | null;
  started: number | null;
  succeeded: number | null;
  failed: number | null;
  retried: number | null;
  revoked: number | null;
  rejected: number | null;
  /**
   * The sender's timestamp (epoch seconds) of the latest event whose clock was not believed
   * (event-limits.ts); that event's times above are our receipt time instead. Null: none was.
   */
  clockSkew: number | null;
  /**
   * Fields cut to event-limits.ts' sizes, with the UTF-8 size they arrived with, by field name
   * (args, kwargs, result, exception, traceback...). Replaced, never mutated, so a shallow copy
   * of the record stays a full one. Null when nothing was ever cut.
   */
  truncated: Readonly<Record<string, number>> | null;
  /** Our receipt time (epoch ms) of the latest event for this task; orders the LRU. */
  lastEventAt: number;
}

/** A task nothing has been heard about yet: PENDING, like celery.events.state.Task. */
export function createTaskRecord(uuid: string, lastEventAt: number): TaskRecord {
  return {
    uuid,
    name: null,
    state: PENDING,
    args: null,
    kwargs: null,
    result: null,
    exception: null,
    traceback: null,
    runtime: null,
    retries: null,
    eta: null,
    expires: null,
    rootId: null,
    parentId: null,
    worker: null,
    client: null,
    queue: null,
    exchange: null,
    routingKey: null,
    terminated: null,
    signum: null,
    expired: null,
    requeue: null,
    timestamp: null,
    sent: null,
    received: null,
    started: null,
    succeeded: null,
    failed: null,
    retried: null,
    revoked: null,
    rejected: null,
    clockSkew: null,
    truncated: null,
    lastEventAt,
  };
}

/** A detached copy, for handing records to code that may keep them past the next event. */
export function copyTaskRecord(task: Readonly<TaskRecord>): TaskRecord {
  // Every field is a primitive or, for `truncated`, never mutated: a shallow copy is a full copy.
  return { ...task };
}
