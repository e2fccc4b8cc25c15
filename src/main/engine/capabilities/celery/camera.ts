import type { CelerySnapshot } from '../../../../shared/domain/celery.ts';
import type { CeleryState, EventCounts } from './events/index.ts';
import { workerStatus } from './events/index.ts';

export type SnapshotData = Omit<CelerySnapshot, 'id' | 'takenAt'>;

/**
 * Event counts accumulate between shots; a shot with nothing new is skipped, like the Celery
 * guide's DumpCam, so an idle fleet does not fill the store with identical snapshots.
 */
export class EventTally {
  #total = 0;
  #byType: Record<string, number> = {};

  add(counts: EventCounts): void {
    this.#total += counts.total;
    for (const [type, n] of Object.entries(counts.byType)) this.#byType[type] = (this.#byType[type] ?? 0) + n;
  }

  get total(): number {
    return this.#total;
  }

  take(): { total: number; byType: Record<string, number> } {
    const taken = { total: this.#total, byType: this.#byType };
    this.#total = 0;
    this.#byType = {};
    return taken;
  }
}

/** The shot itself: workers with status and counters, tasks by state and name, events since the last shot. */
export function shoot(state: CeleryState, events: EventTally, nowMs: number): SnapshotData {
  const counts = state.counts();
  return {
    workers: Array.from(state.workers(), (worker) => ({
      hostname: worker.hostname,
      status: workerStatus(worker, nowMs),
      active: worker.active,
      processed: worker.processed,
      loadavg: worker.loadavg,
      lastHeartbeat: worker.lastHeartbeat === null ? null : new Date(worker.lastHeartbeat).toISOString(),
    })).sort((a, b) => a.hostname.localeCompare(b.hostname)),
    tasksByState: counts.byState,
    tasksByName: counts.byName,
    events: events.take(),
  };
}
