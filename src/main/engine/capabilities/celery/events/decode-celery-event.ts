// One parsed event body -> a domain event, or the reason it cannot be one.
// Each event type is built as a single object literal with every key assigned (undefined
// when absent) so all events of a type share one hidden class in V8: the reducer's
// property reads stay monomorphic on the hot path.

import { TASK_EVENT_TYPES, WORKER_EVENT_TYPES, type CeleryEvent, type CeleryEventCommon } from './celery-event.ts';
import { unwrapPoolException } from './wrapped-exception.ts';
import {
  believedTimestamp,
  capText,
  CELERY_DEFAULT_FREQ_SECONDS,
  counter,
  ID_MAX_CHARS,
  NAME_MAX_CHARS,
  plausibleFreq,
  SHORT_MAX_BYTES,
  TEXT_MAX_BYTES,
  type TruncatedSizes,
} from './event-limits.ts';
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
  if (type.length > ID_MAX_CHARS) return `event type is ${type.length.toLocaleString('en-US')} characters; an event type is at most ${ID_MAX_CHARS}`;
  const hostname = body.hostname;
  if (typeof hostname !== 'string' || hostname === '') {
    return `${type} event has no string "hostname" (got ${describeJson(hostname)})`;
  }
  if (hostname.length > ID_MAX_CHARS) return tooLong(type, 'hostname', hostname.length, ID_MAX_CHARS);
  const timestamp = body.timestamp;
  if (typeof timestamp !== 'number') {
    return `${type} event from ${hostname} has no numeric "timestamp" (got ${describeJson(timestamp)})`;
  }
  // JSON.parse turns an overflowing literal such as 1e999 into Infinity.
  if (!Number.isFinite(timestamp)) {
    return `${type} event from ${hostname} has a non-finite "timestamp" (${String(timestamp)})`;
  }
  // A clock far off (year 3000, 1970) would pin the task to one end of every list by time.
  const believed = believedTimestamp(timestamp, localReceived);
  const common: CeleryEventCommon = {
    hostname,
    timestamp: believed ?? localReceived / 1000,
    skewedTimestamp: believed === null ? timestamp : undefined,
    utcoffset: readNumber(body.utcoffset) ?? null,
    pid: readNumber(body.pid) ?? null,
    clock: readNumber(body.clock) ?? null,
    localReceived,
  };
  const uuid = body.uuid;
  const hasUuid = typeof uuid === 'string' && uuid !== '';
  // Too long to be an id: cutting it would merge distinct tasks, so the event goes.
  if (hasUuid && uuid.length > ID_MAX_CHARS) return tooLong(type, 'uuid', uuid.length, ID_MAX_CHARS, hostname);

  if (!KNOWN.has(type)) {
    return { ...common, type, generic: true, uuid: hasUuid ? uuid : null, fields: body };
  }
  if (type.startsWith('worker-')) return decodeWorkerEvent(type, common, body);
  if (!hasUuid) return `${type} event from ${hostname} has no string "uuid" (got ${describeJson(uuid)})`;
  const name = body.name;
  if (typeof name === 'string' && name.length > NAME_MAX_CHARS) return tooLong(type, 'name', name.length, NAME_MAX_CHARS, hostname);
  return decodeTaskEvent(type, uuid, common, body);
}

function tooLong(type: string, field: string, length: number, max: number, hostname?: string): string {
  const from = hostname === undefined ? '' : ` from ${hostname}`;
  return `${type} event${from} has a "${field}" of ${length.toLocaleString('en-US')} characters; Tach takes an identifier of at most ${max}`;
}

/** Free text capped; the sizes of what was cut collect in `cut.t`. */
const text = (value: unknown, field: string, cut: { t: TruncatedSizes | undefined }) => capText(readRepr(value), TEXT_MAX_BYTES, field, cut);
const short = (value: unknown, field: string, cut: { t: TruncatedSizes | undefined }) => capText(readString(value), SHORT_MAX_BYTES, field, cut);

function decodeWorkerEvent(type: string, c: CeleryEventCommon, body: Body): CeleryEvent {
  const sentFreq = readNumber(body.freq);
  // Out of range: Celery's default, and the sent value kept to say so.
  const freqIgnored = typeof sentFreq === 'number' && !plausibleFreq(sentFreq) ? sentFreq : undefined;
  // Worker software strings are shown, not searched: cut silently (the note is in the text).
  const cut = { t: undefined as TruncatedSizes | undefined };
  return {
    type: type as 'worker-online' | 'worker-heartbeat' | 'worker-offline',
    generic: false,
    hostname: c.hostname,
    timestamp: c.timestamp,
    utcoffset: c.utcoffset,
    pid: c.pid,
    clock: c.clock,
    localReceived: c.localReceived,
    skewedTimestamp: c.skewedTimestamp,
    freq: freqIgnored === undefined ? sentFreq : CELERY_DEFAULT_FREQ_SECONDS,
    freqIgnored,
    active: counter(readNumber(body.active)),
    processed: counter(readNumber(body.processed)),
    loadavg: readNumberList(body.loadavg),
    swIdent: short(body.sw_ident, 'sw_ident', cut),
    swVer: short(body.sw_ver, 'sw_ver', cut),
    swSys: short(body.sw_sys, 'sw_sys', cut),
  };
}

function decodeTaskEvent(type: string, uuid: string, c: CeleryEventCommon, body: Body): CeleryEvent {
  const { hostname, timestamp, skewedTimestamp, utcoffset, pid, clock, localReceived } = c;
  const cut = { t: undefined as TruncatedSizes | undefined };
  switch (type) {
    case 'task-sent':
      return {
        type, generic: false, hostname, timestamp, skewedTimestamp, utcoffset, pid, clock, localReceived, uuid,
        name: readString(body.name),
        args: text(body.args, 'args', cut),
        kwargs: text(body.kwargs, 'kwargs', cut),
        retries: counter(readNumber(body.retries)),
        eta: short(body.eta, 'eta', cut),
        expires: short(body.expires, 'expires', cut),
        rootId: idOrNull(body.root_id),
        parentId: idOrNull(body.parent_id),
        queue: short(body.queue, 'queue', cut),
        exchange: short(body.exchange, 'exchange', cut),
        routingKey: short(body.routing_key, 'routingKey', cut),
        truncated: cut.t,
      };
    case 'task-received':
      return {
        type, generic: false, hostname, timestamp, skewedTimestamp, utcoffset, pid, clock, localReceived, uuid,
        name: readString(body.name),
        args: text(body.args, 'args', cut),
        kwargs: text(body.kwargs, 'kwargs', cut),
        retries: counter(readNumber(body.retries)),
        eta: short(body.eta, 'eta', cut),
        expires: short(body.expires, 'expires', cut),
        rootId: idOrNull(body.root_id),
        parentId: idOrNull(body.parent_id),
        truncated: cut.t,
      };
    case 'task-succeeded':
      return {
        type, generic: false, hostname, timestamp, skewedTimestamp, utcoffset, pid, clock, localReceived, uuid,
        result: text(body.result, 'result', cut),
        runtime: readNumber(body.runtime),
        truncated: cut.t,
      };
    case 'task-failed':
    case 'task-retried': {
      const traceback = readString(body.traceback);
      return {
        type, generic: false, hostname, timestamp, skewedTimestamp, utcoffset, pid, clock, localReceived, uuid,
        // Unwrapped before the cut: the pool's wrapper names the real exception at the end.
        exception: capText(unwrapPoolException(readRepr(body.exception), traceback), TEXT_MAX_BYTES, 'exception', cut),
        traceback: capText(traceback, TEXT_MAX_BYTES, 'traceback', cut),
        truncated: cut.t,
      };
    }
    case 'task-revoked':
      return {
        type, generic: false, hostname, timestamp, skewedTimestamp, utcoffset, pid, clock, localReceived, uuid,
        terminated: readBoolean(body.terminated),
        signum: readSignal(body.signum),
        expired: readBoolean(body.expired),
      };
    case 'task-rejected':
      return {
        type, generic: false, hostname, timestamp, skewedTimestamp, utcoffset, pid, clock, localReceived, uuid,
        requeue: readBoolean(body.requeue),
      };
    default:
      // task-started and task-cancelled: nothing beyond the uuid.
      return {
        type: type as 'task-started' | 'task-cancelled',
        generic: false, hostname, timestamp, skewedTimestamp, utcoffset, pid, clock, localReceived, uuid,
      };
  }
}

/**
 * root_id and parent_id link tasks: an id too long to be one links nothing, so it reads as
 * absent rather than rejecting the task it is on.
 */
function idOrNull(value: unknown): string | null | undefined {
  const id = readString(value);
  return typeof id === 'string' && id.length > ID_MAX_CHARS ? undefined : id;
}
