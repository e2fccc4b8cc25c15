import type { JobRow } from './store/jobboard-store.ts';

export interface BoardFigures {
  unclaimed: number;
  claimed: number;
  /** Milliseconds the oldest unclaimed job has waited; null when none waits. */
  oldestUnclaimedMs: number | null;
  oldestUnclaimedName: string | null;
  /** Unclaimed jobs that waited longer than the threshold given. */
  waitingOver: number;
}

/** Counts per state and waiting times of a board's open jobs. */
export function boardFigures(rows: readonly JobRow[], now: number, thresholdMs = Number.POSITIVE_INFINITY): BoardFigures {
  let unclaimed = 0;
  let claimed = 0;
  let oldest: JobRow | undefined;
  let waitingOver = 0;
  for (const row of rows) {
    if (row.owner !== null) {
      claimed++;
      continue;
    }
    unclaimed++;
    if (now - row.posted_at > thresholdMs) waitingOver++;
    if (!oldest || row.posted_at < oldest.posted_at) oldest = row;
  }
  return {
    unclaimed,
    claimed,
    oldestUnclaimedMs: oldest ? Math.max(0, now - oldest.posted_at) : null,
    oldestUnclaimedName: oldest ? (oldest.name ?? oldest.node) : null,
    waitingOver,
  };
}
