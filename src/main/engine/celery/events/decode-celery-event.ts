// One parsed event body -> a domain event, or the reason it cannot be one.
// Each event type is built as a single object literal with every key assigned (undefined
// when absent) so all events of a type share one hidden class in V8: the reducer's
// property reads stay monomorphic on the hot path.

import { TASK_EVENT_TYPES, WORKER_EVENT_TYPES, type CeleryEvent, type CeleryEventCommon } from './celery-event.ts';
import { unwrapPoolException } from './wrapped-exception.ts';
import {
  describeJson,
  readBoolean,
  readNumber,
  readNumberList,
  readRepr,
  readSignal,
  readString,
} from './event-fields.ts';

type Body = Record<string, unknown>;

/** Event types whose payload we know; anything else is kept as a generic event. */
const KNOWN = new Set<string>([...TASK_EVENT_TYPES, ...WORKER_EVENT_TYPES]);

/**
 * Returns the event, or a rejection reason (a string) that names what was wrong. Never
 * throws: a malformed element of a task.multi batch must not cost the rest of the batch.
 */
export function decodeCeleryEvent(raw: unknown, localReceived: number): CeleryEvent | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return `event is ${describeJson(raw)}, expected a JSON object`;
  }
  const body = raw as Body;
  const type = body.type;
  if (typeof type !== 'string' || type === '') {
    return `event has no string "type" (got ${describeJson(type)})`;
  }
  const hostname = body.hostname;
  if (typeof hostname !== 'string' || hostname === '') {
    return `${type} event has no string "hostname" (got ${describeJson(hostname)})`;
  }
  const timestamp = body.timestamp;
  if (typeof timestamp !== 'number') {
    return `${type} event from ${hostname} has no numeric "timestamp" (got ${describeJson(timestamp)})`;
  }
  // JSON.parse turns an overflowing literal such as 1e999 into Infinity.
  if (!Number.isFinite(timestamp)) {
    return `${type} event from ${hostname} has a non-finite "timestamp" (${String(timestamp)})`;
  }
  const common: CeleryEventCommon = {
    hostname,
    timestamp,
    utcoffset: readNumber(body.utcoffset) ?? null,
    pid: readNumber(body.pid) ?? null,
    clock: readNumber(body.clock) ?? null,
    localReceived,
  };
  const uuid = body.uuid;
  const hasUuid = typeof uuid === 'string' && uuid !== '';

  if (!KNOWN.has(type)) {
    return { ...common, type, generic: true, uuid: hasUuid ? uuid : null, fields: body };
  }
  if (type.startsWith('worker-')) return decodeWorkerEvent(type, common, body);
  if (!hasUuid) return `${type} event from ${hostname} has no string "uuid" (got ${describeJson(uuid)})`;
  return decodeTaskEvent(type, uuid, common, body);
}

function decodeWorkerEvent(type: string, c: CeleryEventCommon, body: Body): CeleryEvent {
  return {
    type: type as 'worker-online' | 'worker-heartbeat' | 'worker-offline',
    generic: false,
    hostname: c.hostname,
    timestamp: c.timestamp,
    utcoffset: c.utcoffset,
    pid: c.pid,
    clock: c.clock,
    localReceived: c.localReceived,
    freq: readNumber(body.freq),
    active: readNumber(body.active),
    processed: readNumber(body.processed),
    loadavg: readNumberList(body.loadavg),
    swIdent: readString(body.sw_ident),
    swVer: readString(body.sw_ver),
    swSys: readString(body.sw_sys),
  };
}

function decodeTaskEvent(type: string, uuid: string, c: CeleryEventCommon, body: Body): CeleryEvent {
  const { hostname, timestamp, utcoffset, pid, clock, localReceived } = c;
  switch (type) {
    case 'task-sent':
      return {
        type, generic: false, hostname, timestamp, utcoffset, pid, clock, localReceived, uuid,
        name: readString(body.name),
        args: readRepr(body.args),
        kwargs: readRepr(body.kwargs),
        retries: readNumber(body.retries),
        eta: readString(body.eta),
        expires: readString(body.expires),
        rootId: readString(body.root_id),
        parentId: readString(body.parent_id),
        queue: readString(body.queue),
        exchange: readString(body.exchange),
        routingKey: readString(body.routing_key),
      };
    case 'task-received':
      return {
        type, generic: false, hostname, timestamp, utcoffset, pid, clock, localReceived, uuid,
        name: readString(body.name),
        args: readRepr(body.args),
        kwargs: readRepr(body.kwargs),
        retries: readNumber(body.retries),
        eta: readString(body.eta),
        expires: readString(body.expires),
        rootId: readString(body.root_id),
        parentId: readString(body.parent_id),
      };
    case 'task-succeeded':
      return {
        type, generic: false, hostname, timestamp, utcoffset, pid, clock, localReceived, uuid,
        result: readRepr(body.result),
        runtime: readNumber(body.runtime),
      };
    case 'task-failed':
    case 'task-retried':
      return {
        type, generic: false, hostname, timestamp, utcoffset, pid, clock, localReceived, uuid,
        exception: unwrapPoolException(readRepr(body.exception), readString(body.traceback)),
        traceback: readString(body.traceback),
      };
    case 'task-revoked':
      return {
        type, generic: false, hostname, timestamp, utcoffset, pid, clock, localReceived, uuid,
        terminated: readBoolean(body.terminated),
        signum: readSignal(body.signum),
        expired: readBoolean(body.expired),
      };
    case 'task-rejected':
      return {
        type, generic: false, hostname, timestamp, utcoffset, pid, clock, localReceived, uuid,
        requeue: readBoolean(body.requeue),
      };
    default:
      // task-started and task-cancelled: nothing beyond the uuid.
      return {
        type: type as 'task-started' | 'task-cancelled',
        generic: false, hostname, timestamp, utcoffset, pid, clock, localReceived, uuid,
      };
  }
}
