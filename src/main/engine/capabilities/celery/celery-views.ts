import type { CeleryTask, CeleryTaskDetail, CeleryWorker, RejectedEvent, TaskState } from '../../../../shared/domain/celery.ts';
import type { RejectedRow } from './store/celery-store.ts';
import { workerStatus, type TaskRecord, type WorkerRecord } from './events/index.ts';

// Records as the doors see them: ISO times, no internals (heartbeat lists, Lamport clocks).

const fromMs = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
/**
 * Celery's own timestamps are the sender's epoch seconds. A row stored before the decoder bounded
 * them (migration 012) may hold 1e300, which is no date: shown as unknown rather than throwing.
 */
const fromSeconds = (seconds: number | null): string | null => {
  if (seconds === null) return null;
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
};
/** A sender's clock as sent: 1e300 or -1e12 s is no date, and toISOString() would throw on it. */
const sentClock = (seconds: number | null): string | null => {
  if (seconds === null) return null;
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? `${seconds} s since 1970` : date.toISOString();
};

export function workerView(worker: WorkerRecord, nowMs: number): CeleryWorker {
  const status = workerStatus(worker, nowMs);
  const software = worker.swIdent ? [worker.swIdent, worker.swVer, worker.swSys && `(${worker.swSys})`].filter(Boolean).join(' ') : null;
  return {
    hostname: worker.hostname,
    status,
    lastHeartbeat: fromMs(worker.lastHeartbeat),
    freq: worker.freq,
    active: worker.active,
    processed: worker.processed,
    loadavg: worker.loadavg,
    software,
    pid: worker.pid,
    clockDrift: worker.driftExceeded ? worker.drift : null,
    freqIgnored: worker.freqIgnored,
    firstSeen: new Date(worker.firstSeen).toISOString(),
    offlineSince: status === 'offline' ? fromMs(worker.offlineAt ?? worker.lastHeartbeat) : null,
  };
}

export function taskView(task: TaskRecord): CeleryTask {
  return {
    uuid: task.uuid,
    name: task.name,
    state: task.state as TaskState,
    worker: task.worker,
    args: task.args,
    kwargs: task.kwargs,
    result: task.result,
    exception: task.exception,
    runtime: task.runtime,
    retries: task.retries,
    sent: fromSeconds(task.sent),
    received: fromSeconds(task.received),
    started: fromSeconds(task.started),
    succeeded: fromSeconds(task.succeeded),
    failed: fromSeconds(task.failed),
    retried: fromSeconds(task.retried),
    revoked: fromSeconds(task.revoked),
    rejected: fromSeconds(task.rejected),
    lastEventAt: new Date(task.lastEventAt).toISOString(),
    clockSkewSent: sentClock(task.clockSkew),
    truncated: task.truncated && Object.keys(task.truncated).length > 0 ? { ...task.truncated } : null,
  };
}

export function taskDetailView(task: TaskRecord): CeleryTaskDetail {
  return { ...taskView(task), traceback: task.traceback, eta: task.eta, expires: task.expires, rootId: task.rootId, parentId: task.parentId };
}

const PREVIEW_BYTES = 4096;

export function rejectedView(row: RejectedRow): RejectedEvent {
  return {
    id: row.id,
    receivedAt: new Date(row.received_at).toISOString(),
    routingKey: row.routing_key,
    contentType: row.content_type,
    reason: row.reason,
    preview: row.body.subarray(0, PREVIEW_BYTES).toString('utf8'),
    size: row.body_size,
  };
}
