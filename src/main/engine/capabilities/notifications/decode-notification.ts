// Decodes one oslo.messaging notification off the wire and extracts what StackTach extracts
// (stacktach/notification.py), for both formats: v1 (the `messaging` driver: the notification as
// plain JSON) and v2 (`messagingv2`: {"oslo.version": "2.0", "oslo.message": "<JSON string>"}).
// Anything that cannot be read is a rejection with a sentence, never an exception. The body itself
// is kept by the caller as it came (store/raw-blocks.ts), not re-encoded from what was parsed.

/** Larger bodies are refused (kept truncated with the reason): Nova's largest are tens of kB. */
export const MAX_NOTIFICATION_BYTES = 4 * 1024 * 1024;

/**
 * The columns Tach lists and searches by (message id, event type, publisher, host, instance,
 * request id, tenant, states) hold identifiers: longer than this is not one, and the message is
 * refused with the reason rather than cut (a cut id would match other events). Nova's are 36-char
 * uuids and dotted names well under 100.
 */
export const MAX_IDENTIFIER_CHARS = 255;

/**
 * A notifier's timestamp is believed from 30 days before our receipt (a backlog in a durable queue
 * is old, not wrong) to 1 hour after it (nothing arrives from the future; an hour is a clock or a
 * timezone set wrong). Outside, the event is placed at our receipt, the notifier's time kept in
 * `skewedAtUs`: a year-3000 event would otherwise sit at the top of the newest list for ever.
 * The same window as Celery's (celery/events/event-limits.ts).
 */
export const CLOCK_PAST_US = 30 * 24 * 3600 * 1_000_000;
export const CLOCK_FUTURE_US = 3600 * 1_000_000;

export interface DecodedNotification {
  messageId: string;
  format: 'v1' | 'v2';
  /** Epoch microseconds of the notifier's timestamp (UTC), or of our receipt when that was not believed. */
  atUs: number;
  /** The notifier's timestamp (epoch us) when it was outside the believed window; else null. */
  skewedAtUs: number | null;
  eventType: string;
  publisher: string;
  service: string;
  host: string | null;
  priority: string | null;
  requestId: string | null;
  tenant: string | null;
  instance: string | null;
  state: string | null;
  oldState: string | null;
  taskState: string | null;
  oldTaskState: string | null;
  isError: boolean;
}

export type DecodeResult = { ok: true; notification: DecodedNotification } | { ok: false; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });
const reject = (reason: string): DecodeResult => ({ ok: false, reason });

/**
 * `receivedAtMs` is our receipt time (epoch ms), the centre of the believed clock window; without
 * it (tests of other things) the notifier's timestamp is believed whatever it says.
 */
export function decodeNotification(body: Buffer, receivedAtMs?: number): DecodeResult {
  if (body.length > MAX_NOTIFICATION_BYTES) {
    return reject(`The message is ${formatBytes(body.length)}, over the ${formatBytes(MAX_NOTIFICATION_BYTES)} a notification may be.`);
  }
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    return reject('The message is not UTF-8 text (binary content?).');
  }
  let outer: unknown;
  try {
    outer = JSON.parse(text);
  } catch (error) {
    return reject(`The message is not JSON: ${(error as Error).message}.`);
  }
  if (!isObject(outer)) return reject('The message is JSON but not an object.');

  let message: Record<string, unknown> = outer;
  let format: 'v1' | 'v2' = 'v1';
  if ('oslo.message' in outer || 'oslo.version' in outer) {
    format = 'v2';
    const inner = outer['oslo.message'];
    if (typeof inner !== 'string') return reject('The oslo.messaging v2 envelope has no "oslo.message" string.');
    let parsed: unknown;
    try {
      parsed = JSON.parse(inner);
    } catch (error) {
      return reject(`The envelope's "oslo.message" is not JSON: ${(error as Error).message}.`);
    }
    if (!isObject(parsed)) return reject('The envelope\'s "oslo.message" is not a JSON object.');
    message = parsed;
  }

  const messageId = str(message.message_id);
  if (!messageId) return reject('The notification has no message_id.');
  const eventType = str(message.event_type);
  if (!eventType) return reject('The notification has no event_type.');
  const publisher = str(message.publisher_id);
  if (!publisher) return reject('The notification has no publisher_id.');
  const stamp = text_(message.timestamp) ?? text_(message._context_timestamp);
  if (!stamp) return reject('The notification has no timestamp.');
  const sentUs = parseOsloTime(stamp);
  if (sentUs === null) return reject(`The notification's timestamp "${stamp.slice(0, 60)}" is not a time.`);
  const receivedUs = receivedAtMs === undefined ? null : receivedAtMs * 1000;
  const believed = receivedUs === null || (sentUs >= receivedUs - CLOCK_PAST_US && sentUs <= receivedUs + CLOCK_FUTURE_US);

  const payload = isObject(message.payload) ? message.payload : {};
  const dot = publisher.indexOf('.');
  const priority = text_(message.priority)?.toUpperCase() ?? null;
  const notification: DecodedNotification = {
    messageId,
    format,
    atUs: believed || receivedUs === null ? sentUs : receivedUs,
    skewedAtUs: believed ? null : sentUs,
    eventType,
    publisher,
    // StackTach: the service is what comes before the first '.', the host the rest.
    service: dot < 0 ? publisher : publisher.slice(0, dot),
    host: dot < 0 ? null : publisher.slice(dot + 1) || null,
    priority,
    requestId: text_(message._context_request_id),
    tenant: text_(payload.tenant_id) ?? text_(message._context_project_id) ?? text_(message._context_tenant),
    instance: instanceOf(payload),
    state: text_(payload.state),
    oldState: text_(payload.old_state),
    taskState: text_(payload.new_task_state),
    oldTaskState: text_(payload.old_task_state),
    isError: eventType.endsWith('.error') || priority === 'ERROR' || priority === 'CRITICAL',
  };
  const tooLong = overlongIdentifier(notification);
  if (tooLong !== null) return reject(tooLong);
  return { ok: true, notification };
}

const IDENTIFIERS = [
  ['messageId', 'message_id'],
  ['eventType', 'event_type'],
  ['publisher', 'publisher_id'],
  ['priority', 'priority'],
  ['requestId', 'request id'],
  ['tenant', 'tenant'],
  ['instance', 'instance id'],
  ['state', 'state'],
  ['oldState', 'old_state'],
  ['taskState', 'new_task_state'],
  ['oldTaskState', 'old_task_state'],
] as const;

/** The first identifier column too long to be one, as a sentence; null when all fit. */
function overlongIdentifier(n: DecodedNotification): string | null {
  for (const [field, label] of IDENTIFIERS) {
    const value = n[field];
    if (value !== null && value.length > MAX_IDENTIFIER_CHARS) {
      return `The notification's ${label} is ${value.length.toLocaleString('en-US')} characters; Tach takes an identifier of at most ${MAX_IDENTIFIER_CHARS}.`;
    }
  }
  return null;
}

/** The four places StackTach looks, in its order. */
function instanceOf(payload: Record<string, unknown>): string | null {
  const exception = isObject(payload.exception) ? payload.exception : undefined;
  const kwargs = exception && isObject(exception.kwargs) ? exception.kwargs : undefined;
  const instance = isObject(payload.instance) ? payload.instance : undefined;
  return text_(payload.instance_id) ?? text_(payload.instance_uuid) ?? text_(kwargs?.uuid) ?? text_(instance?.uuid);
}

const OSLO_TIME = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d{1,6})\d*)?(Z|[+-]\d\d:?\d\d)?$/;

/**
 * oslo writes `str(utcnow())`: "2026-11-23 09:41:00.450779", naive UTC (no zone, and no
 * fraction when the microseconds happen to be 0). ISO 8601 with a zone is read too.
 */
export function parseOsloTime(value: string): number | null {
  const fast = parseNaiveUtc(value);
  if (fast !== null) return fast;
  const match = OSLO_TIME.exec(value.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s, fraction = '', zone] = match;
  const ms = utcMs(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(ms) || Number(mo) > 12 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return null;
  let offsetMinutes = 0;
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  }
  return (ms - offsetMinutes * 60_000) * 1000 + Number(fraction.padEnd(6, '0'));
}

/**
 * oslo's own form, "YYYY-MM-DD HH:MM:SS[.ffffff]", read digit by digit: every notification has a
 * timestamp, and the regular expression was a tenth of decoding one. Null for anything else (the
 * expression reads it, or says it is not a time).
 */
function parseNaiveUtc(value: string): number | null {
  if (value.length !== 19 && value.length !== 26) return null;
  if (value[4] !== '-' || value[7] !== '-' || value[10] !== ' ' || value[13] !== ':' || value[16] !== ':') return null;
  const digits = (from: number, to: number): number => {
    let n = 0;
    for (let i = from; i < to; i++) {
      const d = value.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return -1;
      n = n * 10 + d;
    }
    return n;
  };
  const [y, mo, d, h, mi, s] = [digits(0, 4), digits(5, 7), digits(8, 10), digits(11, 13), digits(14, 16), digits(17, 19)];
  let fraction = 0;
  if (value.length === 26) {
    if (value[19] !== '.') return null;
    fraction = digits(20, 26);
  }
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60 || fraction < 0) return null;
  return utcMs(y, mo, d, h, mi, s) * 1000 + fraction;
}

/** Date.UTC, except that years 0-99 are those years: Date.UTC reads them as 1900-1999 ("0001-01-01" would be 1901). */
function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  if (year > 99 || year < 0) return ms;
  const date = new Date(ms);
  date.setUTCFullYear(year);
  return date.getTime();
}

/** Epoch microseconds as ISO 8601 with all six fraction digits. */
export function isoFromMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 19)}.${String(us - Math.floor(us / 1_000_000) * 1_000_000).padStart(6, '0')}Z`;
}

/** Identity fields must be strings. */
function str(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** Payload fields: a number (an integer instance id of old) reads as its text. */
function text_(value: unknown): string | null {
  if (typeof value === 'string') return value.length > 0 ? value : null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} kB`;
}
