import { describe, expect, it } from 'vitest';
import { CeleryState } from './celery-state.ts';
import type { CeleryEvent } from './celery-event.ts';
import { decodeCeleryMessage } from './decode-celery-message.ts';
import { workerStatus } from './worker-liveness.ts';

// The hostile values of the 2026-12-04 poison probe: each is bounded by the decoder (or the
// reducer), and what was not believed stays visible.

const NOW = 1_795_426_738_000;
const base = { hostname: 'celery@poison', utcoffset: 0, pid: 1, clock: 1, timestamp: NOW / 1000 };

function decode(body: unknown, routingKey = 'task.received') {
  return decodeCeleryMessage({ content: Buffer.from(JSON.stringify(body)), contentType: 'application/json', contentEncoding: 'utf-8', routingKey }, NOW);
}
function one(body: Record<string, unknown>): CeleryEvent {
  const { events, rejected } = decode({ ...base, ...body });
  expect(rejected).toEqual([]);
  expect(events).toHaveLength(1);
  return events[0]!;
}
const reason = (body: Record<string, unknown>) => decode({ ...base, ...body }).rejected.map((r) => r.reason);
const received = (fields: Record<string, unknown>) => ({ type: 'task-received', uuid: 'u1', name: 'app.add', args: '()', kwargs: '{}', ...fields });

describe('timestamps outside the plausible window are placed at our receipt, the original kept', () => {
  it.each([
    ['year 3000', 32503680000],
    ['1970', 0],
    ['-1e12', -1e12],
    ['1e300', 1e300],
    ['two hours ahead', NOW / 1000 + 7200],
    ['31 days behind', NOW / 1000 - 31 * 86400],
  ])('%s', (_label, timestamp) => {
    const event = one(received({ timestamp }));
    expect(event.timestamp).toBe(NOW / 1000);
    expect(event.skewedTimestamp).toBe(timestamp);
  });

  it('believes a clock a few minutes off, and a backlog of days', () => {
    for (const timestamp of [NOW / 1000 + 59 * 60, NOW / 1000 - 29 * 86400, NOW / 1000 - 20]) {
      const event = one(received({ timestamp }));
      expect(event.timestamp).toBe(timestamp);
      expect(event.skewedTimestamp).toBeUndefined();
    }
  });

  it('flags the task, whose times are our receipt, and keeps the worker drift from the real clock', () => {
    const state = new CeleryState({ maxTasks: 10, maxWorkers: 10 });
    state.apply(one(received({ uuid: 'future-3000', timestamp: 32503680000 })));
    const task = state.task('future-3000')!;
    expect(task.received).toBe(NOW / 1000);
    expect(task.timestamp).toBe(NOW / 1000);
    expect(task.clockSkew).toBe(32503680000);
    const worker = state.worker('celery@poison')!;
    expect(worker.driftExceeded).toBe(true);
    expect(worker.drift).toBeCloseTo(NOW / 1000 - 32503680000);
  });
});

describe('heartbeat freq is bounded', () => {
  const heartbeat = (freq: unknown, extra: Record<string, unknown> = {}) =>
    one({ type: 'worker-heartbeat', hostname: 'celery@w', freq, active: 0, processed: 1, ...extra });

  it.each([[1e308], [-5], [0], [0.01], [3601]])('freq %s is replaced by Celery\'s 2 s, the sent value kept', (freq) => {
    expect(heartbeat(freq)).toMatchObject({ freq: 2, freqIgnored: freq });
  });

  it.each([[0.1], [2], [60], [3600]])('freq %s is believed', (freq) => {
    expect(heartbeat(freq)).toMatchObject({ freq, freqIgnored: undefined });
  });

  it('a worker that sent freq 1e308 goes offline 4 s after its last heartbeat, and says why', () => {
    const state = new CeleryState({ maxTasks: 10, maxWorkers: 10 });
    state.apply(heartbeat(1e308));
    const worker = state.worker('celery@w')!;
    expect(worker.freq).toBe(2);
    expect(worker.freqIgnored).toBe(1e308);
    expect(workerStatus(worker, NOW + 3_999)).toBe('online');
    expect(workerStatus(worker, NOW + 4_000)).toBe('offline');
    // A later sane heartbeat clears the flag.
    state.apply(heartbeat(5));
    expect(state.worker('celery@w')).toMatchObject({ freq: 5, freqIgnored: null });
  });
});

describe('counters are never negative', () => {
  it('ignores negative active, processed and retries, keeping the last good value', () => {
    const state = new CeleryState({ maxTasks: 10, maxWorkers: 10 });
    state.apply(one({ type: 'worker-heartbeat', hostname: 'celery@w', freq: 2, active: 3, processed: 10 }));
    const bad = one({ type: 'worker-heartbeat', hostname: 'celery@w', freq: 2, active: -1, processed: -1 });
    expect(bad).toMatchObject({ active: undefined, processed: undefined });
    state.apply(bad);
    expect(state.worker('celery@w')).toMatchObject({ active: 3, processed: 10 });
    expect(one(received({ retries: -2 }))).toMatchObject({ retries: undefined });
  });
});

describe('free text is cut to 64 KiB with its original size', () => {
  it('cuts 10 MB args, says so in the text and on the task', () => {
    const args = 'A'.repeat(10 * 1024 * 1024);
    const event = one(received({ uuid: 'huge-args-10mb', args }));
    expect(event).toMatchObject({ truncated: { args: 10_485_760 } });
    const cut = (event as { args: string }).args;
    expect(cut.startsWith('A'.repeat(65_536))).toBe(true);
    expect(cut.endsWith('… [truncated: 10,485,760 bytes]')).toBe(true);
    expect(Buffer.byteLength(cut)).toBeLessThan(65_536 + 64);
    const state = new CeleryState({ maxTasks: 10, maxWorkers: 10 });
    state.apply(event);
    expect(state.task('huge-args-10mb')?.truncated).toEqual({ args: 10_485_760 });
  });

  it('cuts kwargs, result, exception and traceback; never inside a multi-byte character', () => {
    const big = 'é'.repeat(40_000); // 80,000 bytes
    const sent = one({ type: 'task-sent', uuid: 'u', kwargs: big, queue: 'q'.repeat(2000) });
    expect(sent).toMatchObject({ truncated: { kwargs: 80_000, queue: 2000 } });
    const kwargs = (sent as { kwargs: string }).kwargs;
    expect(kwargs).not.toContain('\ufffd');
    expect(kwargs.startsWith('é'.repeat(32_768))).toBe(true);
    expect(one({ type: 'task-succeeded', uuid: 'u', result: big })).toMatchObject({ truncated: { result: 80_000 } });
    expect(one({ type: 'task-failed', uuid: 'u', exception: big, traceback: big })).toMatchObject({ truncated: { exception: 80_000, traceback: 80_000 } });
  });

  it('leaves what fits untouched and unflagged', () => {
    const args = 'x'.repeat(65_536);
    expect(one(received({ args }))).toMatchObject({ args, truncated: undefined });
  });

  it('forgets a cut when a later event brings the field whole', () => {
    const state = new CeleryState({ maxTasks: 10, maxWorkers: 10 });
    state.apply(one({ type: 'task-sent', uuid: 'u', args: 'A'.repeat(100_000), kwargs: 'B'.repeat(70_000) }));
    expect(state.task('u')?.truncated).toEqual({ args: 100_000, kwargs: 70_000 });
    state.apply(one(received({ uuid: 'u', args: '(1,)', kwargs: undefined })));
    expect(state.task('u')?.truncated).toEqual({ kwargs: 70_000 });
  });
});

describe('identifiers too long to be one are rejected, not cut', () => {
  it('a 100 kB uuid', () => {
    expect(reason(received({ uuid: 'x'.repeat(100_000) }))).toEqual([
      'task-received event from celery@poison has a "uuid" of 100,000 characters; Tach takes an identifier of at most 255',
    ]);
  });

  it('a 1 MB task name', () => {
    expect(reason(received({ name: 'n'.repeat(1_000_000) }))).toEqual([
      'task-received event from celery@poison has a "name" of 1,000,000 characters; Tach takes an identifier of at most 1024',
    ]);
  });

  it('a 300-character hostname, on any event type', () => {
    expect(reason({ type: 'worker-heartbeat', hostname: 'h'.repeat(300) })).toEqual([
      'worker-heartbeat event has a "hostname" of 300 characters; Tach takes an identifier of at most 255',
    ]);
  });

  it('a huge uuid on a custom (generic) task event too', () => {
    expect(reason({ type: 'task-progress', uuid: 'y'.repeat(256) })[0]).toMatch(/"uuid" of 256 characters/);
  });

  it('takes a uuid of 255 and a name of 1024 characters', () => {
    expect(one(received({ uuid: 'u'.repeat(255), name: 'n'.repeat(1024) }))).toMatchObject({ type: 'task-received' });
  });

  it('drops an over-long parent or root id, keeping the task', () => {
    expect(one(received({ parent_id: 'p'.repeat(300), root_id: 'r' }))).toMatchObject({ parentId: undefined, rootId: 'r' });
  });
});

describe('a message holds at most 1,000 events', () => {
  it('refuses a 5,000-event task.multi whole, with the reason', () => {
    const events = Array.from({ length: 5000 }, (_, i) => ({ ...base, ...received({ uuid: `m-${i}` }) }));
    expect(decode(events, 'task.multi')).toEqual({
      events: [],
      rejected: [{ reason: 'task.multi holds 5,000 events; Tach reads at most 1,000 per message (Celery sends at most 24)' }],
    });
  });

  it('takes 1,000', () => {
    const events = Array.from({ length: 1000 }, (_, i) => ({ ...base, ...received({ uuid: `m-${i}` }) }));
    expect(decode(events, 'task.multi').events).toHaveLength(1000);
  });
});
