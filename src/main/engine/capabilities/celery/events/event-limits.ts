// What Tach believes of a Celery event's values. The sender is trusted for the shape of an event
// but not for its size or its clock: one worker with a wrong clock, or one producer that puts a
// 10 MB blob in `args`, must not bend every view (a task dated year 3000 pinned to the top of the
// newest list; a worker "online" forever; a store grown by megabytes per event).
//
// The limits, and why (README "Celery: hostile values"):
// - Timestamps more than CLOCK_PAST_MS before or CLOCK_FUTURE_MS after our receipt are not believed.
//   The event is placed at our receipt time and the sender's value kept beside it, flagged. The
//   past side is wide: events wait in Tach's queue while it is away (an hour on the quorum queue,
//   longer on a classic one that is not expiring), and an old event is merely old. Ahead of our
//   clock, nothing waits: an hour is already a clock (or a timezone) set wrong.
// - `freq` outside FREQ_MIN..FREQ_MAX seconds is replaced by Celery's default (2 s) and flagged:
//   1e308 would keep a worker "online" for ever, -5 would make it offline on receipt.
// - Counters (active, processed, retries) are never negative: a negative one is ignored.
// - Free text (args, kwargs, result, exception, traceback) is kept up to TEXT_MAX_BYTES (64 KiB)
//   and truncated beyond, with the original size in the text and on the record. Celery itself
//   cuts argsrepr/kwargsrepr/resultrepr at 1 KiB, so 64 KiB is room for anything a worker sends
//   and a traceback of a few hundred frames. Short descriptive fields (eta, queue, sw_ver...) are
//   cut at SHORT_MAX_BYTES.
// - Identifiers (uuid, hostname, task name) are not truncated: a cut uuid would merge distinct
//   tasks, a cut hostname distinct workers. Past ID_MAX_CHARS (NAME_MAX_CHARS for a task name,
//   a dotted Python path) the event is rejected with the reason, as other poison is.
// - A message holds at most MESSAGE_MAX_EVENTS events (Celery's buffered dispatcher sends 24).

/** How far before our receipt a sender's timestamp is still believed: 30 days. */
export const CLOCK_PAST_MS = 30 * 24 * 3600 * 1000;
/** How far after our receipt (a clock running ahead) it is still believed: 1 hour. */
export const CLOCK_FUTURE_MS = 3600 * 1000;

/** Celery's Heart(interval=None) → 2.0 s: what a nonsensical freq is replaced with. */
export const CELERY_DEFAULT_FREQ_SECONDS = 2;
export const FREQ_MIN_SECONDS = 0.1;
export const FREQ_MAX_SECONDS = 3600;

export const TEXT_MAX_BYTES = 64 * 1024;
export const SHORT_MAX_BYTES = 1024;
export const ID_MAX_CHARS = 255;
export const NAME_MAX_CHARS = 1024;
export const MESSAGE_MAX_EVENTS = 1000;

/**
 * The sender's timestamp (epoch seconds) if it lies within the window around our receipt
 * (epoch ms), else null: the caller then uses the receipt time and keeps the original.
 */
export function believedTimestamp(timestamp: number, receivedMs: number): number | null {
  const ms = timestamp * 1000;
  return ms >= receivedMs - CLOCK_PAST_MS && ms <= receivedMs + CLOCK_FUTURE_MS ? timestamp : null;
}

/** True when freq is a heartbeat interval a worker could mean. */
export const plausibleFreq = (freq: number): boolean => freq >= FREQ_MIN_SECONDS && freq <= FREQ_MAX_SECONDS;

/** A counter as read, with a negative value treated as absent. */
export const counter = (value: number | null | undefined): number | null | undefined =>
  typeof value === 'number' && value < 0 ? undefined : value;

/** Sizes of the fields that were cut, by field name, in UTF-8 bytes as they arrived. */
export type TruncatedSizes = Record<string, number>;

const marker = (bytes: number): string => `… [truncated: ${bytes.toLocaleString('en-US')} bytes]`;

/**
 * `value` if it fits in `maxBytes` of UTF-8, else its head (cut on a character boundary) and a
 * note of the original size, recorded in `sizes` under `field`. Strings short enough by their
 * length alone (3 bytes per UTF-16 unit at most) are not measured: this runs for every field.
 */
export function capText<T extends string | null | undefined>(value: T, maxBytes: number, field: string, sizes: { t: TruncatedSizes | undefined }): T | string {
  if (typeof value !== 'string' || value.length * 3 <= maxBytes) return value;
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes <= maxBytes) return value;
  const buffer = Buffer.from(value, 'utf8');
  let end = maxBytes;
  // Back off continuation bytes (10xxxxxx) so a multi-byte character is not split.
  while (end > 0 && ((buffer[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  (sizes.t ??= {})[field] = bytes;
  return buffer.toString('utf8', 0, end) + marker(bytes);
}
