import { describe, expect, it } from 'vitest';
import type { JobboardSummary } from '../../../../shared/domain/jobboards.ts';
import { jobboardMetrics } from './jobboard-metrics.ts';
import type { JobboardService } from './jobboard-service.ts';

const summary: JobboardSummary = {
  path: '/taskflow/jobs/a',
  source: 'configured',
  error: null,
  counts: { UNCLAIMED: 4, CLAIMED: 2 },
  trash: 1,
  oldestUnclaimedSeconds: 75,
  conductors: [{ name: 'c1@h:1', kind: 'conductor', metadata: null }],
};

describe('job board metrics', () => {
  it('collects jobs per state per board, the oldest unclaimed age, conductors and the session', () => {
    const service = { runners: () => new Map([[3, { session: { status: () => ({ status: 'connected' }) }, summaries: () => [summary] }]]) } as unknown as JobboardService;
    const families = Object.fromEntries(jobboardMetrics(service).collect().map((family) => [family.name, family.samples]));
    expect(families.tach_jobboard_jobs).toEqual([
      { labels: { deployment: '3', board: '/taskflow/jobs/a', state: 'UNCLAIMED' }, value: 4 },
      { labels: { deployment: '3', board: '/taskflow/jobs/a', state: 'CLAIMED' }, value: 2 },
    ]);
    expect(families.tach_jobboard_oldest_unclaimed_seconds).toEqual([{ labels: { deployment: '3', board: '/taskflow/jobs/a' }, value: 75 }]);
    expect(families.tach_jobboard_conductors).toEqual([{ labels: { deployment: '3', board: '/taskflow/jobs/a' }, value: 1 }]);
    expect(families.tach_jobboard_zookeeper_connected).toEqual([{ labels: { deployment: '3' }, value: 1 }]);
  });
});
