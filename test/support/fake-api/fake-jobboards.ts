import { fail, ok, type Result } from '../../../src/shared/contract/result.ts';
import type { JobboardCountsQuery, JobboardHistoryQuery, JobboardJobsQuery } from '../../../src/shared/contract/schemas.ts';
import type { CanaryConductors, CanaryJobsRecord } from '../../../src/shared/domain/canary.ts';
import type { JobboardCountSample, JobboardJob, JobboardJobDetail, JobboardsOverview, JobTransition } from '../../../src/shared/domain/jobboards.ts';

/** Job board data a component test puts behind the fake Api. */
export interface FakeJobboardData {
  overview: JobboardsOverview;
  /** Jobs by board path (live). */
  jobs: Record<string, JobboardJob[]>;
  /** Jobs by board path at a time (for "the board at T"): the answer whatever the time. */
  jobsAt?: Record<string, JobboardJob[]>;
  history?: JobTransition[];
  counts?: JobboardCountSample[];
}

const NONE: FakeJobboardData = { overview: { session: { status: 'stopped', detail: 'No ZooKeeper.', since: '2026-01-01T00:00:00Z' }, off: 'Add a ZooKeeper ensemble to this deployment to watch its TaskFlow job boards.', boards: [] }, jobs: {} };

/** The jobboards.* and canary.* channels of the fake, answering from seeded data with the engine's filters. */
export function fakeJobboards(data: Map<number, FakeJobboardData>) {
  const of = (deploymentId: number) => data.get(deploymentId) ?? NONE;
  return {
    'jobboards.overview': ({ deploymentId }: { deploymentId: number }): Result<JobboardsOverview> => ok(of(deploymentId).overview),
    'jobboards.jobs': (query: JobboardJobsQuery): Result<JobboardJob[]> => {
      const seeded = of(query.deploymentId);
      const jobs = (query.at ? seeded.jobsAt?.[query.path] : seeded.jobs[query.path]) ?? [];
      return ok(jobs.filter((job) => (!query.state || job.state === query.state) && (!query.owner || (job.owner ?? '').includes(query.owner)) && (!query.name || (job.name ?? job.node).includes(query.name))));
    },
    'jobboards.job': ({ deploymentId, path, node }: { deploymentId: number; path: string; node: string }): Result<JobboardJobDetail> => {
      const seeded = of(deploymentId);
      const job = seeded.jobs[path]?.find((candidate) => candidate.node === node);
      if (!job) return fail('not_found', `No job ${node} has been seen on ${path}.`);
      return ok({ job, onBoard: true, postedAt: job.createdOn ?? '', endedAt: null, history: (seeded.history ?? []).filter((t) => t.board === path && t.node === node) });
    },
    'jobboards.history': (query: JobboardHistoryQuery): Result<JobTransition[]> => ok((of(query.deploymentId).history ?? []).filter((t) => !query.path || t.board === query.path)),
    'jobboards.counts': (query: JobboardCountsQuery): Result<JobboardCountSample[]> => ok(of(query.deploymentId).counts ?? []),
    'jobboards.action': ({ deploymentId, node, action }: { deploymentId: number; node: string; action: 'trash' | 'release' }): Result<{ message: string }> =>
      data.has(deploymentId) ? ok({ message: `${action === 'trash' ? 'Trashed' : 'Released'} ${node}.` }) : fail('not_found', 'No such board.'),
    'canary.jobs': (): Result<CanaryJobsRecord[]> => fail('unavailable', 'Canary routes are served by the headless door only.'),
    'canary.conductors': (): Result<CanaryConductors> => fail('unavailable', 'Canary routes are served by the headless door only.'),
  };
}
