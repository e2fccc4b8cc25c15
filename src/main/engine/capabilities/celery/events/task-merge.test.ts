import { describe, expect, it } from 'vitest';
import type { CeleryEvent } from './celery-event.ts';
import { applyTaskEvent } from './task-merge.ts';
import type { TaskLikeEvent } from './task-merge.ts';
import { createTaskRecord } from './task-record.ts';
import type { TaskRecord } from './task-record.ts';
import { precedence, stateForEventType } from './task-states.ts';
import { CLIENT, T0, WORKER, celeryEvent, received, taskEvent } from './test-events.ts';

const U = 'task-1';

function replay(...events: CeleryEvent[]): TaskRecord {
  const task = createTaskRecord(U, 0);
  for (const event of events) applyTaskEvent(task, event as TaskLikeEvent);
  return task;
}

const sent = (at: number) =>
  celeryEvent('task-sent', { uuid: U, name: 'app.add', args: '(2, 3)', kwargs: '{}', root_id: U, parent_id: null, retries: 0, eta: null, expires: null, queue: 'celery', exchange: '', routing_key: 'celery' }, at);
const started = (at: number) => taskEvent('task-started', U, at);
const succeeded = (at: number) => taskEvent('task-succeeded', U, at, { result: '5', runtime: 0.5 });

describe('task states and precedence', () => {
  it('maps event types like TASK_EVENT_TO_STATE, and others to custom upper-cased states', () => {
    expect(stateForEventType('task-succeeded')).toBe('SUCCESS');
    expect(stateForEventType('task-sent')).toBe('PENDING');
    expect(stateForEventType('task-cancelled')).toBe('CANCELLED');
    expect(stateForEventType('task-constructor')).toBe('CONSTRUCTOR');
  });

  it('ranks states as celery.states.PRECEDENCE, custom ones with None', () => {
    const order = ['SUCCESS', 'FAILURE', 'PROGRESS', 'REVOKED', 'STARTED', 'RECEIVED', 'REJECTED', 'RETRY', 'PENDING'];
    expect(order.map(precedence)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('applyTaskEvent', () => {
  it('follows an in-order lifecycle and keeps every field Celery sent', () => {
    const task = replay(sent(T0), received(U, T0 + 1), started(T0 + 2), succeeded(T0 + 3));
    expect(task).toMatchObject({
      state: 'SUCCESS', name: 'app.add', args: '(2, 3)', kwargs: '{}', rootId: U, parentId: null, retries: 0,
      queue: 'celery', exchange: '', routingKey: 'celery', client: CLIENT, worker: WORKER,
      result: '5', runtime: 0.5, timestamp: T0 + 3,
      sent: T0, received: T0 + 1, started: T0 + 2, succeeded: T0 + 3, failed: null,
      lastEventAt: (T0 + 3) * 1000,
    });
  });

  it('keeps SUCCESS when task-started arrives after task-succeeded, recording when it started', () => {
    const task = replay(received(U, T0), succeeded(T0 + 2), started(T0 + 1));
    expect(task).toMatchObject({ state: 'SUCCESS', started: T0 + 1, succeeded: T0 + 2, timestamp: T0 + 2 });
  });

  it('takes the merge_rules[RECEIVED] fields from a task-received that arrives after the result', () => {
    const late = received(U, T0, { name: 'app.mul', args: '(4,)', kwargs: "{'x': 1}", parent_id: 'p', root_id: 'r', retries: 2, eta: '2026-11-23T10:00:00', expires: '2026-11-24T10:00:00' });
    const task = replay(succeeded(T0 + 2), late);
    expect(task).toMatchObject({
      state: 'SUCCESS', timestamp: T0 + 2, received: T0,
      name: 'app.mul', args: '(4,)', kwargs: "{'x': 1}", parentId: 'p', rootId: 'r', retries: 2,
      eta: '2026-11-23T10:00:00', expires: '2026-11-24T10:00:00', result: '5',
    });
  });

  it('takes name, args and routing from a late task-sent without leaving RECEIVED', () => {
    const task = replay(received(U, T0 + 1, { name: null }), sent(T0));
    expect(task).toMatchObject({ state: 'RECEIVED', name: 'app.add', queue: 'celery', routingKey: 'celery', client: CLIENT, worker: WORKER, sent: T0 });
  });

  it('lets a retried task be received, started and succeed again', () => {
    const retried = taskEvent('task-retried', U, T0 + 2, { exception: 'Retry in 1s', traceback: 'tb' });
    const task = replay(received(U, T0), started(T0 + 1), retried);
    expect(task).toMatchObject({ state: 'RETRY', exception: 'Retry in 1s', retried: T0 + 2 });
    replayInto(task, received(U, T0 + 3, { retries: 1 }), started(T0 + 4), succeeded(T0 + 5));
    expect(task).toMatchObject({ state: 'SUCCESS', retries: 1, received: T0 + 3, started: T0 + 4, retried: T0 + 2 });
  });

  it('lets a late task-retried override even SUCCESS, as Celery does (RETRY is exempt from precedence)', () => {
    const task = replay(received(U, T0), succeeded(T0 + 3), taskEvent('task-retried', U, T0 + 2, { exception: 'e' }));
    expect(task.state).toBe('RETRY');
  });

  it('revokes a waiting task, and a late task-started does not undo it', () => {
    const revoked = taskEvent('task-revoked', U, T0 + 1, { terminated: true, signum: 15, expired: false });
    const task = replay(received(U, T0), revoked, started(T0 + 0.5));
    expect(task).toMatchObject({ state: 'REVOKED', terminated: true, signum: 15, expired: false, revoked: T0 + 1, started: T0 + 0.5 });
  });

  it('ignores the payload and timestamp of late lower-precedence events but records their times', () => {
    const revoked = taskEvent('task-revoked', U, T0 + 1, { terminated: true, signum: 15 });
    const failed = taskEvent('task-failed', U, T0 + 1, { exception: "ValueError('x')", traceback: 'tb' });
    const task = replay(received(U, T0), succeeded(T0 + 2), started(T0 + 1), revoked, failed);
    expect(task).toMatchObject({ state: 'SUCCESS', timestamp: T0 + 2, started: T0 + 1, failed: T0 + 1, exception: null, traceback: null });
  });

  it('records failures with the exception and traceback as sent', () => {
    const task = replay(received(U, T0), started(T0 + 1), taskEvent('task-failed', U, T0 + 2, { exception: "ValueError('boom')", traceback: 'Traceback…' }));
    expect(task).toMatchObject({ state: 'FAILURE', exception: "ValueError('boom')", traceback: 'Traceback…', failed: T0 + 2 });
  });

  it('keeps RECEIVED after task-rejected, as Celery ranks REJECTED below RECEIVED, but records the reject', () => {
    const task = replay(received(U, T0), taskEvent('task-rejected', U, T0 + 1, { requeue: false }));
    expect(task).toMatchObject({ state: 'RECEIVED', requeue: false, rejected: T0 + 1 });
    expect(replay(taskEvent('task-rejected', U, T0, { requeue: true }))).toMatchObject({ state: 'REJECTED', requeue: true });
  });

  it('records the details of a late revoke with its time, but not a late exception', () => {
    const task = replay(received(U, T0), succeeded(T0 + 2), taskEvent('task-revoked', U, T0 + 1, { terminated: false, signum: null, expired: true }));
    expect(task).toMatchObject({ state: 'SUCCESS', revoked: T0 + 1, expired: true, terminated: false });
  });

  it('treats task-cancelled and custom events as custom states ranked with None', () => {
    expect(replay(received(U, T0), started(T0 + 1), taskEvent('task-cancelled', U, T0 + 2)).state).toBe('CANCELLED');
    expect(replay(received(U, T0), succeeded(T0 + 2), taskEvent('task-cancelled', U, T0 + 1)).state).toBe('SUCCESS');
    expect(replay(started(T0), celeryEvent('task-progress', { uuid: U }, T0 + 1)).state).toBe('PROGRESS');
  });

  it('does not overwrite a field the event left out', () => {
    const task = replay(received(U, T0), celeryEvent('task-succeeded', { uuid: U }, T0 + 1));
    expect(task).toMatchObject({ state: 'SUCCESS', name: 'app.add', result: null });
  });

  it('names the worker whose event set the state; a late event only fills a gap', () => {
    const other = (e: CeleryEvent) => ({ ...e, hostname: 'worker2@host' }) as CeleryEvent;
    expect(replay(received(U, T0), other(started(T0 + 1))).worker).toBe('worker2@host');
    expect(replay(succeeded(T0 + 2), other(started(T0 + 1))).worker).toBe(WORKER);
    // A record restored from storage without a worker: a straggler fills the gap.
    const restored = { ...createTaskRecord(U, 0), state: 'SUCCESS' };
    applyTaskEvent(restored, started(T0) as TaskLikeEvent);
    expect(restored).toMatchObject({ state: 'SUCCESS', worker: WORKER });
  });
});

function replayInto(task: TaskRecord, ...events: CeleryEvent[]): void {
  for (const event of events) applyTaskEvent(task, event as TaskLikeEvent);
}
