// Whether a worker is online, the way celery/events/state.py decides it: a worker is alive
// while our clock is before its last heartbeat receipt + freq x HEARTBEAT_EXPIRE_WINDOW %.
// Expiry is measured on the receiver's clock (local receipt times), so a worker whose
// clock is wrong is still judged correctly; drift is reported separately.
//
// Task events refresh liveness too, as in Celery. Celery's State does it with
// `worker.event(None, local_received, timestamp)` against the signature
// `event(type_, timestamp, local_received, fields)`: the two arguments are swapped, so it
// appends the SENDER's timestamp to a list otherwise made of receipt times. With a sender
// clock running fast, that keeps a dead worker "online" for as long as the skew; running
// slow, its task events do nothing. We append our receipt time for task events as for
// heartbeats (the evident intent); the drift computed from either is the same, as Celery's
// is (it takes the absolute difference).

import type { WorkerRecord } from './worker-record.ts';

/** Percent of freq added to the last heartbeat before a worker counts as offline. */
export const HEARTBEAT_EXPIRE_WINDOW = 200;
/** Heartbeat receipt times kept per worker (Worker.heartbeat_max). */
export const HEARTBEAT_MAX = 4;
/** Seconds of sender/receiver clock difference before we flag drift. */
export const HEARTBEAT_DRIFT_MAX = 16;
/** Celery's Worker(freq=60.0) default, for workers known only from task events. */
export const DEFAULT_FREQ_SECONDS = 60;

export type WorkerStatus = 'online' | 'offline';

type Liveness = Pick<WorkerRecord, 'heartbeats' | 'freq'>;

/** Epoch ms after which the worker is offline, or null when it has no live heartbeat. */
export function heartbeatExpiresAt(worker: Liveness): number | null {
  const last = worker.heartbeats[worker.heartbeats.length - 1];
  if (last === undefined) return null;
  // A zero or missing freq would expire the worker on receipt; assume Celery's default.
  const freq = worker.freq !== null && worker.freq > 0 ? worker.freq : DEFAULT_FREQ_SECONDS;
  return last + freq * (HEARTBEAT_EXPIRE_WINDOW / 100) * 1000;
}

/** 'online' strictly before expiry, as Celery's `now < heartbeat_expires`. */
export function workerStatus(worker: Liveness, nowMs: number): WorkerStatus {
  const expires = heartbeatExpiresAt(worker);
  return expires !== null && nowMs < expires ? 'online' : 'offline';
}

/**
 * Records that the worker showed itself alive at `receivedMs` (our clock), having stamped
 * the event `senderTimestamp` (its clock, epoch seconds). Keeps the list sorted and at most
 * HEARTBEAT_MAX long; constant work, whatever the history.
 */
export function recordHeartbeat(worker: WorkerRecord, receivedMs: number, senderTimestamp: number): void {
  const drift = receivedMs / 1000 - senderTimestamp;
  worker.drift = drift;
  worker.driftExceeded = Math.abs(drift) > HEARTBEAT_DRIFT_MAX;

  const beats = worker.heartbeats;
  const newest = beats[beats.length - 1];
  // The events of one task.multi batch share a receipt time; one entry says it all.
  if (newest === receivedMs) return;
  if (newest === undefined || receivedMs > newest) {
    beats.push(receivedMs);
    if (worker.lastHeartbeat === null || receivedMs > worker.lastHeartbeat) worker.lastHeartbeat = receivedMs;
  } else {
    // Our clock stepped back (NTP): insert in order, as Celery's bisect.insort does.
    let at = beats.length - 1;
    while (at > 0 && (beats[at - 1] ?? 0) > receivedMs) at -= 1;
    beats.splice(at, 0, receivedMs);
  }
  if (beats.length > HEARTBEAT_MAX) beats.shift();
}

/** worker-offline: the worker said goodbye, so it is offline now, not after expiry. */
export function recordOffline(worker: WorkerRecord, receivedMs: number): void {
  worker.heartbeats.length = 0;
  worker.offlineAt = receivedMs;
}
