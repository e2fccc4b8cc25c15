// What Tach knows about one worker: a plain, JSON-serialisable object. Its status is not
// stored but computed from `heartbeats` and `freq` against a clock (worker-liveness.ts),
// because "online" silently becomes "offline" with no event to say so.

import type { WorkerEvent } from './celery-event.ts';

export interface WorkerRecord {
  hostname: string;
  pid: number | null;
  clock: number | null;
  /** Hours WEST of UTC, as Celery sends it. */
  utcoffset: number | null;
  /** Heartbeat interval in seconds; null until a worker event says (60 is then assumed). */
  freq: number | null;
  /**
   * The freq its latest worker event sent when that was outside 0.1..3600 s (event-limits.ts):
   * `freq` is then Celery's default 2 s. Null when the worker's freq was believed.
   */
  freqIgnored: number | null;
  active: number | null;
  processed: number | null;
  loadavg: number[] | null;
  swIdent: string | null;
  swVer: string | null;
  swSys: string | null;
  /**
   * Our receipt times (epoch ms, ascending) of the last 4 events that showed the worker
   * alive: worker-online, worker-heartbeat and its task events. worker-offline empties it.
   */
  heartbeats: number[];
  /** Newest entry ever pushed to `heartbeats`; kept after worker-offline ("last seen"). */
  lastHeartbeat: number | null;
  /** worker-heartbeat events received (Celery's `heartbeat` remote command included). */
  heartbeatsReceived: number;
  /** Our receipt time (epoch ms) of the first event from this worker. */
  firstSeen: number;
  /** Our receipt time (epoch ms) of the latest event; orders the LRU. */
  lastEventAt: number;
  /** Our receipt time (epoch ms) of the latest worker-offline, if any. */
  offlineAt: number | null;
  /**
   * Seconds between our receipt and the sender's timestamp on its latest event, positive
   * when the sender's clock is behind ours. Includes transport delay and queue backlog.
   */
  drift: number | null;
  /** |drift| > HEARTBEAT_DRIFT_MAX (16 s): clocks are probably out of sync. */
  driftExceeded: boolean;
}

export function createWorkerRecord(hostname: string, firstSeen: number): WorkerRecord {
  return {
    hostname,
    pid: null,
    clock: null,
    utcoffset: null,
    freq: null,
    freqIgnored: null,
    active: null,
    processed: null,
    loadavg: null,
    swIdent: null,
    swVer: null,
    swSys: null,
    heartbeats: [],
    lastHeartbeat: null,
    heartbeatsReceived: 0,
    firstSeen,
    lastEventAt: firstSeen,
    offlineAt: null,
    drift: null,
    driftExceeded: false,
  };
}

/** A detached copy: the arrays are the only non-primitive fields. */
export function copyWorkerRecord(worker: Readonly<WorkerRecord>): WorkerRecord {
  return { ...worker, heartbeats: worker.heartbeats.slice(), loadavg: worker.loadavg?.slice() ?? null };
}

/** Copies the fields a worker-* event carries; only keys the sender included. */
export function copyWorkerFields(worker: WorkerRecord, event: WorkerEvent): void {
  if (event.pid !== null) worker.pid = event.pid;
  if (event.clock !== null) worker.clock = event.clock;
  if (event.utcoffset !== null) worker.utcoffset = event.utcoffset;
  // The reply to the `heartbeat` remote command (which Tach, like `celery events`, broadcasts to
  // wake workers up) is a worker-heartbeat with freq=5 and no counters (celery/worker/control.py).
  // It proves the worker alive but says nothing of its real heartbeat interval: keep a known one,
  // or a worker beating every second would be declared offline only after 10 s.
  const onDemand = event.type === 'worker-heartbeat' && event.active === undefined && event.processed === undefined;
  if (event.freq !== undefined && !(onDemand && worker.freq !== null)) {
    worker.freq = event.freq;
    worker.freqIgnored = event.freqIgnored ?? null;
  }
  if (event.active !== undefined) worker.active = event.active;
  if (event.processed !== undefined) worker.processed = event.processed;
  if (event.loadavg !== undefined) worker.loadavg = event.loadavg;
  if (event.swIdent !== undefined) worker.swIdent = event.swIdent;
  if (event.swVer !== undefined) worker.swVer = event.swVer;
  if (event.swSys !== undefined) worker.swSys = event.swSys;
}
