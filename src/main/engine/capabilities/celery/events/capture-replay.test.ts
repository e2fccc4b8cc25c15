// Replays test/fixtures/celery/celery-events.jsonl, real messages recorded from Debian's
// Celery 5.2.6 (one worker, a client sending feasapp.add twice, feasapp.fail and
// feasapp.slow, then a warm shutdown), through the decoder and the reducer.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CeleryState } from './celery-state.ts';
import { decodeCeleryMessage } from './decode-celery-message.ts';
import { workerStatus } from './worker-liveness.ts';

interface CapturedMessage {
  captured_at: string;
  fields: { exchange: string; routingKey: string };
  properties: { contentType?: string; contentEncoding?: string; headers?: Record<string, unknown> };
  body: string;
}

const capture: CapturedMessage[] = readFileSync(new URL('../../../../../../test/fixtures/celery/celery-events.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as CapturedMessage);

const WORKER = 'worker1@feas';
const ADD = '12948759-36ff-4755-bb40-c3d138e95c17';
const FAIL = '400562ac-6f0a-4d41-88dc-126ccd12e231';
const SLOW = 'fixed-task-id-0001';
const ADD2 = '0d17431c-2103-4c7d-afae-4470041a6aff';

/** Replays messages [0, upTo) with our clock at each message's capture time. */
function replay(upTo = capture.length) {
  const s = new CeleryState({ maxTasks: 100, maxWorkers: 10 });
  let events = 0;
  const rejected: string[] = [];
  for (const m of capture.slice(0, upTo)) {
    const decoded = decodeCeleryMessage(
      { content: Buffer.from(m.body, 'utf8'), contentType: m.properties.contentType, contentEncoding: m.properties.contentEncoding, routingKey: m.fields.routingKey },
      Date.parse(m.captured_at),
    );
    rejected.push(...decoded.rejected.map((r) => r.reason));
    for (const event of decoded.events) s.apply(event);
    events += decoded.events.length;
  }
  return { s, events, rejected };
}

const offlineIndex = capture.findIndex((m) => m.fields.routingKey === 'worker.offline');
const at = (index: number) => Date.parse(capture[index]?.captured_at ?? '');

describe('replaying the Celery 5.2.6 capture', () => {
  it('decodes every message, unbatching task.multi arrays', () => {
    const { events, rejected, s } = replay();
    expect(rejected).toEqual([]);
    expect(events).toBe(35); // 19 worker events, 4 task-sent, 12 task events in 9 task.multi batches
    expect(s.eventCounts().byType).toEqual({
      'worker-online': 1, 'worker-heartbeat': 17, 'worker-offline': 1, 'task-sent': 4,
      'task-received': 4, 'task-started': 4, 'task-succeeded': 3, 'task-failed': 1,
    });
  });

  it('brings the worker online with its heartbeats, software and processed count', () => {
    const { s } = replay(offlineIndex);
    const worker = s.worker(WORKER);
    if (worker === undefined) throw new Error('worker missing');
    expect(worker).toMatchObject({
      pid: 26419, freq: 2, active: 0, processed: 4, swIdent: 'py-celery', swVer: '5.2.6', swSys: 'Linux',
      utcoffset: 0, heartbeatsReceived: 17, driftExceeded: false, offlineAt: null,
    });
    expect(worker.heartbeats).toHaveLength(4);
    expect(worker.lastHeartbeat).toBe(at(offlineIndex - 1));
    expect(worker.firstSeen).toBe(at(0));
    expect(workerStatus(worker, at(offlineIndex - 1) + 3900)).toBe('online');
    expect(workerStatus(worker, at(offlineIndex - 1) + 4100)).toBe('offline');
  });

  it('brings the tasks from task.multi batches to SUCCESS and FAILURE as Celery reported them', () => {
    const { s } = replay();
    expect(s.task(ADD)).toMatchObject({
      name: 'feasapp.add', state: 'SUCCESS', args: '(2, 3)', kwargs: '{}', result: '5', runtime: 0.0007481430000098044,
      worker: WORKER, client: 'gen26527@vm', queue: 'celery', routingKey: 'celery', rootId: ADD, parentId: null, retries: 0,
    });
    expect(s.task(ADD2)).toMatchObject({ name: 'feasapp.add', state: 'SUCCESS', args: '[10, 20]', result: '30' });
    expect(s.task(SLOW)).toMatchObject({ name: 'feasapp.slow', state: 'SUCCESS', result: '1', runtime: 1.0008830890001263 });
    const failed = s.task(FAIL);
    expect(failed).toMatchObject({ name: 'feasapp.fail', state: 'FAILURE', exception: "ValueError('boom on purpose')", result: null });
    expect(failed?.traceback).toMatch(/^Traceback \(most recent call last\):\n[\s\S]*ValueError: boom on purpose\n$/);
    for (const uuid of [ADD, FAIL, SLOW, ADD2]) {
      const task = s.task(uuid);
      expect([task?.sent, task?.received, task?.started].every((t) => typeof t === 'number')).toBe(true);
    }
    expect(s.counts()).toEqual({ total: 4, byState: { SUCCESS: 3, FAILURE: 1 }, byName: { 'feasapp.add': 2, 'feasapp.fail': 1, 'feasapp.slow': 1 } });
  });

  it('takes the worker offline at once on worker-offline', () => {
    const { s } = replay();
    const worker = s.worker(WORKER);
    if (worker === undefined) throw new Error('worker missing');
    expect(workerStatus(worker, at(offlineIndex))).toBe('offline');
    expect(worker).toMatchObject({ heartbeats: [], offlineAt: at(offlineIndex), lastHeartbeat: at(offlineIndex - 1) });
  });

  it('drains the worker and the four tasks, and does not take the client for a worker', () => {
    const drained = replay().s.drainDirty();
    expect(drained.workers.map((w) => w.hostname)).toEqual([WORKER]);
    expect(drained.tasks.map((t) => t.uuid).sort()).toEqual([ADD, FAIL, SLOW, ADD2].sort());
  });
});
