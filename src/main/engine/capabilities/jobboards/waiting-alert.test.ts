import { describe, expect, it } from 'vitest';
import type { JobRow } from './store/jobboard-store.ts';
import { boardFigures } from './board-figures.ts';
import { waitingSignal } from './waiting-alert.ts';

const row = (node: string, postedAt: number, owner: string | null = null): JobRow => ({
  id: 1, board: '/b', node, uuid: node, name: `n-${node}`, sequence: 0, priority: 'NORMAL', details: null, book: null, created_on: null, last_modified: null, error: null,
  posted_at: postedAt, owner, claimed_at: owner ? postedAt : null, ended_at: null, end_kind: null,
});

describe('jobboard.waiting', () => {
  const now = 1_000_000;

  it('fires when an unclaimed job waited longer than the threshold, naming the oldest', () => {
    const figures = boardFigures([row('job1', now - 400_000), row('job2', now - 10_000), row('job3', now - 900_000, 'c1')], now, 300_000);
    expect(figures).toEqual({ unclaimed: 2, claimed: 1, oldestUnclaimedMs: 400_000, oldestUnclaimedName: 'n-job1', waitingOver: 1 });
    const signal = waitingSignal(7, '/b', figures, 300);
    expect(signal).toMatchObject({ deploymentId: 7, rule: 'jobboard.waiting', subject: '/b', firing: true, severity: 'warning', value: 400 });
    expect(signal.message).toBe('1 job on /b waited over 5 min for a claim; the oldest (n-job1) for 6 min. Are its conductors running?');
  });

  it('reports the condition cleared (level-triggered) when nothing waits too long', () => {
    const signal = waitingSignal(7, '/b', boardFigures([row('job1', now - 1000), row('job2', now - 999_999, 'c1')], now, 300_000), 300);
    expect(signal).toMatchObject({ firing: false, value: 1 });
    expect(waitingSignal(7, '/b', boardFigures([], now, 300_000), 300)).toMatchObject({ firing: false, value: 0 });
  });
});
