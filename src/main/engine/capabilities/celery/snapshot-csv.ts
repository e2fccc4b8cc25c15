import type { Readable } from 'node:stream';
import { TASK_STATES } from '../../../../shared/domain/celery.ts';
import { csvStream, type CsvCell } from '../../kernel/export/csv.ts';
import type { SnapshotRow } from './store/snapshot-store.ts';

/**
 * One row per snapshot and worker, the snapshot's totals repeated on each: the long format a
 * pivot table or a chart wants. A snapshot without workers still gets one row.
 */
export const SNAPSHOT_CSV_HEADER = [
  'taken_at',
  'deployment',
  'worker',
  'worker_status',
  'worker_active',
  'worker_processed',
  'worker_load_1m',
  'worker_last_heartbeat',
  'workers_online',
  'workers_offline',
  ...TASK_STATES.map((state) => `tasks_${state.toLowerCase()}`),
  'events',
] as const;

export function snapshotCsv(deploymentName: string, snapshots: Iterable<SnapshotRow>): Readable {
  return csvStream(SNAPSHOT_CSV_HEADER, rows(deploymentName, snapshots));
}

function* rows(deploymentName: string, snapshots: Iterable<SnapshotRow>): Generator<CsvCell[]> {
  for (const { takenAt, data } of snapshots) {
    const online = data.workers.filter((w) => w.status === 'online').length;
    const totals: CsvCell[] = [online, data.workers.length - online, ...TASK_STATES.map((state) => data.tasksByState[state] ?? 0), data.events.total];
    const taken = new Date(takenAt);
    if (data.workers.length === 0) yield [taken, deploymentName, null, null, null, null, null, null, ...totals];
    for (const worker of data.workers) {
      yield [taken, deploymentName, worker.hostname, worker.status, worker.active, worker.processed, worker.loadavg?.[0] ?? null, worker.lastHeartbeat, ...totals];
    }
  }
}
