import type { TaskRecord, TaskState, WorkerRecord } from '../events/index.ts';
import { uuidKey } from '../../../kernel/store/uuid-key.ts';

// Row shapes of the celery tables and their mapping to the reducer's records, field for field.

export interface WorkerRow {
  deployment_id: number;
  hostname: string;
  pid: number | null;
  clock: number | null;
  utcoffset: number | null;
  freq: number | null;
  freq_ignored: number | null;
  active: number | null;
  processed: number | null;
  loadavg: string | null;
  sw_ident: string | null;
  sw_ver: string | null;
  sw_sys: string | null;
  heartbeats: string;
  last_heartbeat: number | null;
  heartbeats_received: number;
  first_seen: number;
  last_event_at: number;
  offline_at: number | null;
  drift: number | null;
  drift_exceeded: number;
}

export interface TaskRow {
  deployment_id: number;
  uuid: string;
  /** uuidKey(uuid): what the task is looked up by (migration 007). */
  uuid_key: number;
  name: string | null;
  state: string;
  args: string | null;
  kwargs: string | null;
  result: string | null;
  exception: string | null;
  traceback: string | null;
  runtime: number | null;
  retries: number | null;
  eta: string | null;
  expires: string | null;
  root_id: string | null;
  parent_id: string | null;
  worker: string | null;
  client: string | null;
  queue: string | null;
  exchange: string | null;
  routing_key: string | null;
  terminated: number | null;
  signum: string | null;
  expired: number | null;
  requeue: number | null;
  timestamp: number | null;
  sent: number | null;
  received: number | null;
  started: number | null;
  succeeded: number | null;
  failed: number | null;
  retried: number | null;
  revoked: number | null;
  rejected: number | null;
  clock_skew: number | null;
  /** JSON of TaskRecord.truncated. */
  truncated: string | null;
  last_event_at: number;
}

const bit = (value: boolean | null): number | null => (value === null ? null : value ? 1 : 0);
const bool = (value: number | null): boolean | null => (value === null ? null : value === 1);

export function workerRow(deploymentId: number, w: WorkerRecord): WorkerRow {
  return {
    deployment_id: deploymentId,
    hostname: w.hostname,
    pid: w.pid,
    clock: w.clock,
    utcoffset: w.utcoffset,
    freq: w.freq,
    freq_ignored: w.freqIgnored,
    active: w.active,
    processed: w.processed,
    loadavg: w.loadavg ? JSON.stringify(w.loadavg) : null,
    sw_ident: w.swIdent,
    sw_ver: w.swVer,
    sw_sys: w.swSys,
    heartbeats: JSON.stringify(w.heartbeats),
    last_heartbeat: w.lastHeartbeat,
    heartbeats_received: w.heartbeatsReceived,
    first_seen: w.firstSeen,
    last_event_at: w.lastEventAt,
    offline_at: w.offlineAt,
    drift: w.drift,
    drift_exceeded: w.driftExceeded ? 1 : 0,
  };
}

export function workerRecord(row: WorkerRow): WorkerRecord {
  return {
    hostname: row.hostname,
    pid: row.pid,
    clock: row.clock,
    utcoffset: row.utcoffset,
    freq: row.freq,
    freqIgnored: row.freq_ignored ?? null,
    active: row.active,
    processed: row.processed,
    loadavg: row.loadavg ? (JSON.parse(row.loadavg) as number[]) : null,
    swIdent: row.sw_ident,
    swVer: row.sw_ver,
    swSys: row.sw_sys,
    heartbeats: JSON.parse(row.heartbeats) as number[],
    lastHeartbeat: row.last_heartbeat,
    heartbeatsReceived: row.heartbeats_received,
    firstSeen: row.first_seen,
    lastEventAt: row.last_event_at,
    offlineAt: row.offline_at,
    drift: row.drift,
    driftExceeded: row.drift_exceeded === 1,
  };
}

export function taskRow(deploymentId: number, t: TaskRecord): TaskRow {
  return {
    deployment_id: deploymentId,
    uuid: t.uuid,
    uuid_key: uuidKey(t.uuid),
    name: t.name,
    state: t.state,
    args: t.args,
    kwargs: t.kwargs,
    result: t.result,
    exception: t.exception,
    traceback: t.traceback,
    runtime: t.runtime,
    retries: t.retries,
    eta: t.eta,
    expires: t.expires,
    root_id: t.rootId,
    parent_id: t.parentId,
    worker: t.worker,
    client: t.client,
    queue: t.queue,
    exchange: t.exchange,
    routing_key: t.routingKey,
    terminated: bit(t.terminated),
    signum: t.signum === null ? null : String(t.signum),
    expired: bit(t.expired),
    requeue: bit(t.requeue),
    timestamp: t.timestamp,
    sent: t.sent,
    received: t.received,
    started: t.started,
    succeeded: t.succeeded,
    failed: t.failed,
    retried: t.retried,
    revoked: t.revoked,
    rejected: t.rejected,
    clock_skew: t.clockSkew ?? null,
    truncated: t.truncated ? JSON.stringify(t.truncated) : null,
    last_event_at: t.lastEventAt,
  };
}

export function taskRecord(row: TaskRow): TaskRecord {
  return {
    uuid: row.uuid,
    name: row.name,
    state: row.state as TaskState,
    args: row.args,
    kwargs: row.kwargs,
    result: row.result,
    exception: row.exception,
    traceback: row.traceback,
    runtime: row.runtime,
    retries: row.retries,
    eta: row.eta,
    expires: row.expires,
    rootId: row.root_id,
    parentId: row.parent_id,
    worker: row.worker,
    client: row.client,
    queue: row.queue,
    exchange: row.exchange,
    routingKey: row.routing_key,
    terminated: bool(row.terminated),
    signum: row.signum === null ? null : /^\d+$/.test(row.signum) ? Number(row.signum) : row.signum,
    expired: bool(row.expired),
    requeue: bool(row.requeue),
    timestamp: row.timestamp,
    sent: row.sent,
    received: row.received,
    started: row.started,
    succeeded: row.succeeded,
    failed: row.failed,
    retried: row.retried,
    revoked: row.revoked,
    rejected: row.rejected,
    clockSkew: row.clock_skew ?? null,
    truncated: row.truncated ? (JSON.parse(row.truncated) as Record<string, number>) : null,
    lastEventAt: row.last_event_at,
  };
}

export const TASK_COLUMNS = Object.keys(taskRow(0, { uuid: '' } as TaskRecord)) as (keyof TaskRow)[];
export const WORKER_COLUMNS = Object.keys(workerRow(0, { heartbeats: [] } as unknown as WorkerRecord)) as (keyof WorkerRow)[];

/**
 * A task row as its values in TASK_COLUMNS order: what crosses to the store writer thread. A
 * structured clone of an object writes every key with every row (36 here), an array only the
 * values, and the writer binds them positionally as they come.
 */
export type TaskValues = readonly unknown[];

export function taskValues(deploymentId: number, t: TaskRecord): TaskValues {
  const row = taskRow(deploymentId, t);
  return TASK_COLUMNS.map((column) => row[column]);
}

/** Where a task's id and its key are in its TaskValues. */
export const TASK_VALUE_UUID = TASK_COLUMNS.indexOf('uuid');
export const TASK_VALUE_KEY = TASK_COLUMNS.indexOf('uuid_key');
