// Turning stored records back into live ones when the engine restarts (CeleryState.load).

import { createTaskRecord } from './task-record.ts';
import type { TaskRecord } from './task-record.ts';
import { HEARTBEAT_MAX } from './worker-liveness.ts';
import { createWorkerRecord } from './worker-record.ts';
import type { WorkerRecord } from './worker-record.ts';

/** Stored records (copied) plus live ones (kept, they are newer), oldest event first. */
export function mergeByKey<T extends { lastEventAt: number }>(
  stored: readonly T[],
  live: Iterable<T>,
  keyOf: (record: T) => string,
  normalise: (record: T) => T,
): T[] {
  const byKey = new Map<string, T>();
  for (const record of stored) byKey.set(keyOf(record), normalise(record));
  for (const record of live) byKey.set(keyOf(record), record);
  return [...byKey.values()].sort((a, b) => a.lastEventAt - b.lastEventAt);
}

/** Fills fields an older stored schema may lack, and detaches the record from the caller's. */
export function normaliseTask(stored: TaskRecord): TaskRecord {
  const task = { ...createTaskRecord(stored.uuid, 0), ...stored };
  if (!Number.isFinite(task.lastEventAt)) task.lastEventAt = 0;
  return task;
}

export function normaliseWorker(stored: WorkerRecord): WorkerRecord {
  const worker = { ...createWorkerRecord(stored.hostname, 0), ...stored };
  worker.heartbeats = Array.isArray(stored.heartbeats) ? stored.heartbeats.slice(-HEARTBEAT_MAX) : [];
  worker.loadavg = Array.isArray(stored.loadavg) ? stored.loadavg.slice() : null;
  if (!Number.isFinite(worker.lastEventAt)) worker.lastEventAt = 0;
  return worker;
}
