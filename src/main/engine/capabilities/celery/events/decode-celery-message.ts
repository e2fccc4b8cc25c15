// One AMQP message from the `celeryev` exchange -> events, plus a reason for everything
// that could not be used. Pure and total: it never throws, whatever the bytes.
//
// A body is either one event object or, with routing key `task.multi`, a JSON array of
// up to 24 task events (the worker's buffered dispatcher, celery/events/dispatcher.py
// flush()). We accept either shape whatever the routing key says: the body is the truth.
// Values a worker could not mean are bounded here too (event-limits.ts).

import type { CeleryEvent } from './celery-event.ts';
import { decodeCeleryEvent } from './decode-celery-event.ts';
import { describeJson } from './event-fields.ts';
import { MESSAGE_MAX_EVENTS } from './event-limits.ts';
import { parsePythonJson } from './python-json.ts';

export interface CeleryMessage {
  content: Buffer;
  contentType?: string | undefined;
  contentEncoding?: string | undefined;
  routingKey: string;
}

export interface CeleryRejection {
  reason: string;
  /** Position in a task.multi array; absent when the whole message was refused. */
  index?: number;
}

export interface DecodedCeleryMessage {
  events: CeleryEvent[];
  rejected: CeleryRejection[];
}

const JSON_CONTENT_TYPE = 'application/json';

/**
 * kombu's json serializer declares utf-8. "binary" is what kombu labels raw bytes with, and
 * JSON bytes are utf-8 anyway; ASCII is a subset of utf-8.
 */
const UTF8_ENCODINGS = new Set(['utf-8', 'utf8', 'binary', 'ascii', 'us-ascii']);

/** Stamps every event with `nowMs` (epoch ms): one receipt time per message, as Celery does. */
export function decodeCeleryMessage(message: CeleryMessage, nowMs: number): DecodedCeleryMessage {
  const typeProblem = contentTypeProblem(message.contentType);
  if (typeProblem !== null) return refuse(typeProblem);
  const encodingProblem = contentEncodingProblem(message.contentEncoding);
  if (encodingProblem !== null) return refuse(encodingProblem);

  const content = message.content;
  if (content.length === 0) return refuse(`empty body on ${message.routingKey}`);
  // A UTF-8 byte order mark is legal in a file but not in JSON.parse's input.
  const start = content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf ? 3 : 0;
  const parsed = parsePythonJson(content.toString('utf8', start));
  if (!parsed.ok) return refuse(`invalid JSON on ${message.routingKey}: ${parsed.error}`);

  const body = parsed.value;
  const events: CeleryEvent[] = [];
  const rejected: CeleryRejection[] = [];
  if (Array.isArray(body) && body.length > MESSAGE_MAX_EVENTS) {
    // Not a worker's batch: Celery's buffered dispatcher flushes at 24 events.
    return refuse(
      `${message.routingKey} holds ${body.length.toLocaleString('en-US')} events; Tach reads at most ${MESSAGE_MAX_EVENTS.toLocaleString('en-US')} per message (Celery sends at most 24)`,
    );
  }
  if (Array.isArray(body)) {
    for (let index = 0; index < body.length; index += 1) {
      const decoded = decodeCeleryEvent(body[index], nowMs);
      if (typeof decoded === 'string') rejected.push({ reason: decoded, index });
      else events.push(decoded);
    }
  } else if (typeof body === 'object' && body !== null) {
    const decoded = decodeCeleryEvent(body, nowMs);
    if (typeof decoded === 'string') rejected.push({ reason: decoded });
    else events.push(decoded);
  } else {
    rejected.push({
      reason: `body on ${message.routingKey} is ${describeJson(body)}; expected an event object or an array of events`,
    });
  }
  return { events, rejected };
}

function refuse(reason: string): DecodedCeleryMessage {
  return { events: [], rejected: [{ reason }] };
}

/** Absent means a publisher that did not say; try JSON. Parameters (`; charset=…`) are ignored. */
function contentTypeProblem(contentType: string | undefined): string | null {
  if (contentType === undefined || contentType === '' || contentType === JSON_CONTENT_TYPE) return null;
  const semicolon = contentType.indexOf(';');
  const base = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  if (base === JSON_CONTENT_TYPE) return null;
  return `content type ${contentType} is not supported; Tach reads JSON events (set event_serializer = 'json')`;
}

function contentEncodingProblem(encoding: string | undefined): string | null {
  if (encoding === undefined || encoding === '' || encoding === 'utf-8') return null;
  if (UTF8_ENCODINGS.has(encoding.trim().toLowerCase())) return null;
  return `content encoding ${encoding} is not supported; Tach reads utf-8 JSON events`;
}
