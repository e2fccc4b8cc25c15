import { describe, expect, it } from 'vitest';
import { decodeCeleryMessage } from './decode-celery-message.ts';
import type { CeleryMessage } from './decode-celery-message.ts';
import { replaceNonFiniteTokens } from './python-json.ts';

const NOW = 1_795_426_738_000;

const message = (body: unknown, overrides: Partial<CeleryMessage> = {}): CeleryMessage => ({
  content: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
  contentType: 'application/json',
  contentEncoding: 'utf-8',
  routingKey: 'task.multi',
  ...overrides,
});

const received = {
  hostname: 'worker1@feas', utcoffset: -1, pid: 26419, clock: 10, uuid: 'u1', name: 'feasapp.add',
  args: '(2, 3)', kwargs: '{}', root_id: 'u1', parent_id: null, retries: 0, eta: null, expires: null,
  timestamp: 1795426737.9731715, type: 'task-received',
};

describe('decodeCeleryMessage: shapes', () => {
  it('decodes a single event object into camelCase with our receipt time', () => {
    const { events, rejected } = decodeCeleryMessage(message(received, { routingKey: 'task.received' }), NOW);
    expect(rejected).toEqual([]);
    expect(events).toEqual([
      {
        type: 'task-received', generic: false, hostname: 'worker1@feas', timestamp: 1795426737.9731715,
        utcoffset: -1, pid: 26419, clock: 10, localReceived: NOW, uuid: 'u1', name: 'feasapp.add',
        args: '(2, 3)', kwargs: '{}', retries: 0, eta: null, expires: null, rootId: 'u1', parentId: null,
      },
    ]);
  });

  it('decodes every element of a task.multi array, in order', () => {
    const started = { hostname: 'worker1@feas', uuid: 'u1', timestamp: 1795426737.98, type: 'task-started' };
    const { events } = decodeCeleryMessage(message([received, started]), NOW);
    expect(events.map((e) => e.type)).toEqual(['task-received', 'task-started']);
    expect(events.every((e) => e.localReceived === NOW)).toBe(true);
  });

  it('marks absent fields undefined and null ones null, so the reducer can tell them apart', () => {
    const onDemand = { hostname: 'w', type: 'worker-heartbeat', timestamp: 1, freq: 5, sw_ident: 'py-celery', sw_ver: '5.2.6', sw_sys: 'Linux' };
    const [event] = decodeCeleryMessage(message(onDemand), NOW).events;
    expect(event).toMatchObject({ type: 'worker-heartbeat', freq: 5, swIdent: 'py-celery', pid: null, clock: null });
    expect(event && 'active' in event ? event.active : 'missing').toBeUndefined();
  });

  it('decodes the payload of each known task event type', () => {
    const base = { hostname: 'w', uuid: 'u', timestamp: 1 };
    const decode = (fields: Record<string, unknown>) => decodeCeleryMessage(message({ ...base, ...fields }), NOW).events[0];
    expect(decode({ type: 'task-succeeded', result: '5', runtime: 0.25 })).toMatchObject({ result: '5', runtime: 0.25 });
    expect(decode({ type: 'task-failed', exception: "ValueError('x')", traceback: 'Traceback…' })).toMatchObject({ exception: "ValueError('x')", traceback: 'Traceback…' });
    expect(decode({ type: 'task-retried', exception: 'Retry()', traceback: 't' })).toMatchObject({ type: 'task-retried', exception: 'Retry()' });
    expect(decode({ type: 'task-revoked', terminated: true, signum: 15, expired: false })).toMatchObject({ terminated: true, signum: 15, expired: false });
    expect(decode({ type: 'task-rejected', requeue: true })).toMatchObject({ requeue: true });
    expect(decode({ type: 'task-cancelled' })).toMatchObject({ type: 'task-cancelled', generic: false, uuid: 'u' });
    expect(decode({ type: 'task-sent', queue: 'celery', exchange: '', routing_key: 'celery' })).toMatchObject({ queue: 'celery', exchange: '', routingKey: 'celery' });
  });

  it('keeps structured args or results from non-Celery producers as JSON text', () => {
    const [event] = decodeCeleryMessage(message({ ...received, args: [10, 20], kwargs: { x: 1 } }), NOW).events;
    expect(event).toMatchObject({ args: '[10,20]', kwargs: '{"x":1}' });
  });

  it('keeps unknown types as generic events, flagged, with the raw body', () => {
    const elect = { hostname: 'w', type: 'worker-elect', timestamp: 1, id: 'x', topic: 't', action: 'a' };
    const [event] = decodeCeleryMessage(message(elect), NOW).events;
    expect(event).toMatchObject({ type: 'worker-elect', generic: true, uuid: null, fields: { topic: 't' } });
    const [custom] = decodeCeleryMessage(message({ hostname: 'w', type: 'task-progress', uuid: 'u', timestamp: 1 }), NOW).events;
    expect(custom).toMatchObject({ generic: true, uuid: 'u' });
  });

  it('accepts content type parameters and the encodings JSON can arrive with', () => {
    for (const overrides of [
      { contentType: 'application/json; charset=utf-8' },
      { contentType: 'Application/JSON' },
      { contentType: undefined, contentEncoding: undefined },
      { contentEncoding: 'binary' },
      { contentEncoding: 'UTF8' },
    ]) {
      expect(decodeCeleryMessage(message(received, overrides), NOW).events).toHaveLength(1);
    }
  });

  it('ignores a UTF-8 byte order mark', () => {
    const content = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(received))]);
    expect(decodeCeleryMessage(message('', { content }), NOW).events).toHaveLength(1);
  });

  it("reads Python's NaN and Infinity as null instead of losing the whole batch", () => {
    const body = `[{"hostname": "w", "uuid": "a", "type": "task-succeeded", "timestamp": 1, "runtime": NaN, "result": "NaN"},
                   {"hostname": "w", "uuid": "b", "type": "task-started", "timestamp": 2}]`;
    const { events, rejected } = decodeCeleryMessage(message(body), NOW);
    expect(rejected).toEqual([]);
    expect(events[0]).toMatchObject({ runtime: null, result: 'NaN' });
    expect(events).toHaveLength(2);
  });
});

describe('decodeCeleryMessage: rejections', () => {
  const reasons = (m: CeleryMessage) => decodeCeleryMessage(m, NOW).rejected;

  it('refuses pickle and other serializers with a hint', () => {
    expect(reasons(message(received, { contentType: 'application/x-python-serialize' }))).toEqual([
      { reason: "content type application/x-python-serialize is not supported; Tach reads JSON events (set event_serializer = 'json')" },
    ]);
    expect(reasons(message(received, { contentType: 'application/x-msgpack' }))[0]?.reason).toMatch(/^content type application\/x-msgpack is not supported/);
  });

  it('refuses encodings other than utf-8', () => {
    expect(reasons(message(received, { contentEncoding: 'utf-16' }))).toEqual([
      { reason: 'content encoding utf-16 is not supported; Tach reads utf-8 JSON events' },
    ]);
  });

  it('reports invalid JSON with the parser message, and an empty body', () => {
    const [rejection] = reasons(message('{"type": "task-sent",', { routingKey: 'task.sent' }));
    expect(rejection?.reason).toMatch(/^invalid JSON on task\.sent: .+/);
    expect(rejection?.reason.length).toBeGreaterThan('invalid JSON on task.sent: '.length);
    expect(reasons(message('', { routingKey: 'task.sent' }))).toEqual([{ reason: 'empty body on task.sent' }]);
  });

  it('refuses bodies that are neither an object nor an array', () => {
    expect(reasons(message('42'))).toEqual([
      { reason: 'body on task.multi is a number; expected an event object or an array of events' },
    ]);
    expect(reasons(message('null'))[0]?.reason).toMatch(/is null;/);
  });

  it('names the missing or wrong field', () => {
    const one = (body: unknown) => reasons(message(body))[0]?.reason;
    expect(one({ hostname: 'w', timestamp: 1 })).toBe('event has no string "type" (got missing)');
    expect(one({ type: 7, hostname: 'w', timestamp: 1 })).toBe('event has no string "type" (got a number)');
    expect(one({ type: 'worker-heartbeat', timestamp: 1 })).toBe('worker-heartbeat event has no string "hostname" (got missing)');
    expect(one({ type: 'task-started', hostname: 'w', timestamp: 1 })).toBe('task-started event from w has no string "uuid" (got missing)');
    expect(one({ type: 'task-started', hostname: 'w', uuid: 5, timestamp: 1 })).toBe('task-started event from w has no string "uuid" (got a number)');
    expect(one({ type: 'task-started', hostname: 'w', uuid: 'u', timestamp: '1' })).toBe('task-started event from w has no numeric "timestamp" (got a string)');
    expect(one('{"type": "task-started", "hostname": "w", "uuid": "u", "timestamp": 1e999}')).toBe(
      'task-started event from w has a non-finite "timestamp" (Infinity)',
    );
  });

  it('keeps the good events of a batch and rejects each bad one with its index', () => {
    const started = { hostname: 'w', uuid: 'u1', timestamp: 2, type: 'task-started' };
    const { events, rejected } = decodeCeleryMessage(message([received, 'oops', { type: 'task-failed', hostname: 'w', timestamp: 3 }, started]), NOW);
    expect(events.map((e) => e.type)).toEqual(['task-received', 'task-started']);
    expect(rejected).toEqual([
      { reason: 'event is a string, expected a JSON object', index: 1 },
      { reason: 'task-failed event from w has no string "uuid" (got missing)', index: 2 },
    ]);
  });

  it('never throws, whatever the bytes', () => {
    for (const content of [Buffer.from([0xff, 0xfe, 0x00]), Buffer.from('[[[['), Buffer.from('[1, null, []]')]) {
      expect(() => decodeCeleryMessage(message('', { content }), NOW)).not.toThrow();
    }
  });
});

describe('replaceNonFiniteTokens', () => {
  it('rewrites bare tokens but not strings that contain them', () => {
    expect(replaceNonFiniteTokens('[NaN, Infinity, -Infinity, "NaN \\" Infinity"]')).toBe('[null, null, null, "NaN \\" Infinity"]');
  });
});
