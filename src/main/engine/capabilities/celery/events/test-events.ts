// Test-only helpers: synthetic events built the way real ones are, by decoding the JSON a
// Celery worker would publish, so the tests exercise the decoder's output shapes too.

import type { CeleryEvent } from './celery-event.ts';
import { decodeCeleryMessage } from './decode-celery-message.ts';

export const WORKER = 'worker1@host';
export const CLIENT = 'client@host';
/** 2026-11-23T09:38:48Z in epoch seconds, near the real capture. */
export const T0 = 1_795_426_728;

/** One event as Celery would publish it; `at` is the sender timestamp in seconds, received
 * by us at the same instant unless `receivedMs` says otherwise. */
export function celeryEvent(
  type: string,
  fields: Record<string, unknown> = {},
  at = T0,
  receivedMs = at * 1000,
): CeleryEvent {
  const body = {
    hostname: type === 'task-sent' ? CLIENT : WORKER,
    utcoffset: 0,
    pid: 4242,
    clock: 1,
    timestamp: at,
    type,
    ...fields,
  };
  const decoded = decodeCeleryMessage(
    { content: Buffer.from(JSON.stringify(body)), contentType: 'application/json', contentEncoding: 'utf-8', routingKey: type.replace('-', '.') },
    receivedMs,
  );
  const event = decoded.events[0];
  if (event === undefined) throw new Error(`test event rejected: ${decoded.rejected[0]?.reason ?? '?'}`);
  return event;
}

export const heartbeat = (at: number, fields: Record<string, unknown> = {}, receivedMs = at * 1000): CeleryEvent =>
  celeryEvent('worker-heartbeat', { freq: 2.0, active: 0, processed: 0, loadavg: [0.1, 0.2, 0.3], sw_ident: 'py-celery', sw_ver: '5.2.6', sw_sys: 'Linux', ...fields }, at, receivedMs);

export const received = (uuid: string, at: number, fields: Record<string, unknown> = {}): CeleryEvent =>
  celeryEvent('task-received', { uuid, name: 'app.add', args: '(2, 3)', kwargs: '{}', root_id: uuid, parent_id: null, retries: 0, eta: null, expires: null, ...fields }, at);

export const taskEvent = (type: string, uuid: string, at: number, fields: Record<string, unknown> = {}): CeleryEvent =>
  celeryEvent(type, { uuid, ...fields }, at);
