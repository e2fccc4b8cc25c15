import { describe, expect, it } from 'vitest';
import { jobboardPaths, parseJobboardView } from './jobboard-paths.ts';

describe('job board paths', () => {
  it('round-trips a board and a job through the URL', () => {
    const paths = jobboardPaths(3);
    expect(paths.board('/taskflow/jobs/a')).toBe('/deployments/3/jobboards/board/%2Ftaskflow%2Fjobs%2Fa');
    expect(parseJobboardView(paths.board('/taskflow/jobs/a').replace('/deployments/3/jobboards/', ''))).toEqual({ kind: 'board', path: '/taskflow/jobs/a' });
    expect(parseJobboardView(paths.job('/t/j', 'job0000000001').replace('/deployments/3/jobboards/', ''))).toEqual({ kind: 'job', path: '/t/j', node: 'job0000000001' });
    expect(parseJobboardView(undefined)).toEqual({ kind: 'overview' });
  });

  it('calls anything else unknown', () => {
    expect(parseJobboardView('board/not-a-path')).toEqual({ kind: 'unknown' });
    expect(parseJobboardView('board/%E0%A4%A')).toEqual({ kind: 'unknown' });
    expect(parseJobboardView('job/%2Ft')).toEqual({ kind: 'unknown' });
    expect(parseJobboardView('elsewhere')).toEqual({ kind: 'unknown' });
  });
});
