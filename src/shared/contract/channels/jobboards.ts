import type { CanaryConductors, CanaryJobsRecord } from '../../domain/canary.ts';
import type { JobboardCountSample, JobboardJob, JobboardJobDetail, JobboardsOverview, JobTransition } from '../../domain/jobboards.ts';
import { channel, event, output } from '../declare.ts';
import { number, required, restRoutes, text } from '../rest.ts';
import {
  canaryConductorsQuery,
  canaryJobsQuery,
  jobboardActionInput,
  jobboardCountsQuery,
  jobboardHistoryQuery,
  jobboardJobInput,
  jobboardJobsQuery,
  jobboardsByDeployment,
} from '../schemas.ts';

export const jobboardChannels = {
  /** The ZooKeeper session and every watched TaskFlow job board with its counts and conductors. */
  'jobboards.overview': channel(jobboardsByDeployment, output<JobboardsOverview>()),
  /** A board's jobs in TaskFlow's order (priority, then sequence); with `at`, the board as it was then. */
  'jobboards.jobs': channel(jobboardJobsQuery, output<JobboardJob[]>()),
  'jobboards.job': channel(jobboardJobInput, output<JobboardJobDetail>()),
  /** Transitions (posted, claimed, released, completed, trashed), oldest first. */
  'jobboards.history': channel(jobboardHistoryQuery, output<JobTransition[]>()),
  /** Sampled counts per state of one board, oldest first. */
  'jobboards.counts': channel(jobboardCountsQuery, output<JobboardCountSample[]>()),
  /**
   * Trash a job, or release a claim whose conductor is gone; refused unless the deployment's
   * `jobboards.allowActions` is on, and when a registered conductor holds the claim.
   */
  'jobboards.action': channel(jobboardActionInput, output<{ message: string }>()),
  /** Canary's GET /v1.0/jobs: the board over the last `canaryIntervalSeconds`, in Canary's shape. */
  'canary.jobs': channel(canaryJobsQuery, output<CanaryJobsRecord[]>()),
  /** Canary's GET /v1.0/conductor. */
  'canary.conductors': channel(canaryConductorsQuery, output<CanaryConductors>()),
};

export const jobboardEvents = {
  /** A job board of the deployment (or its ZooKeeper session) changed: refetch what is shown. */
  'jobboards.changed': event<{ deploymentId: number }>(),
};

const deployment = { id: number('deploymentId') };
const job = { ...deployment, node: text() };
/** The board a job is on: required, so a missing one is named by the schema. */
const board = { path: required(text()) };

export const jobboardRoutes = restRoutes<keyof typeof jobboardChannels>([
  { method: 'GET', path: '/api/v1/deployments/:id/jobboards', channel: 'jobboards.overview', params: deployment },
  { method: 'GET', path: '/api/v1/deployments/:id/jobboards/jobs', channel: 'jobboards.jobs', params: deployment, query: { ...board, state: text(), owner: text(), name: text(), at: text() } },
  { method: 'GET', path: '/api/v1/deployments/:id/jobboards/jobs/:node', channel: 'jobboards.job', params: job, query: board },
  { method: 'GET', path: '/api/v1/deployments/:id/jobboards/history', channel: 'jobboards.history', params: deployment, query: { path: text(), since: text(), until: text(), limit: number() } },
  { method: 'GET', path: '/api/v1/deployments/:id/jobboards/counts', channel: 'jobboards.counts', params: deployment, query: { ...board, since: text(), until: text() } },
  { method: 'POST', path: '/api/v1/deployments/:id/jobboards/jobs/:node/trash', channel: 'jobboards.action', params: job, query: board, fixed: { action: 'trash' } },
  { method: 'POST', path: '/api/v1/deployments/:id/jobboards/jobs/:node/release', channel: 'jobboards.action', params: job, query: board, fixed: { action: 'release' } },
]);

/**
 * Canary's (mkmad/canary) GET /v1.0/jobs and GET /v1.0/conductor: same paths, parameters and bodies,
 * so a Canary client or dashboard works against Tach unchanged. Not Tach's API: the door serves them
 * by hand, in Canary's error shape, and takes any other query parameter a Canary client sends.
 */
export const canaryRoutes = restRoutes<keyof typeof jobboardChannels>([
  { method: 'GET', path: '/v1.0/jobs', channel: 'canary.jobs', query: { path: required(text()), deployment: number('deploymentId') } },
  { method: 'GET', path: '/v1.0/conductor', channel: 'canary.conductors', query: { path: text(), deployment: number('deploymentId') } },
]);
