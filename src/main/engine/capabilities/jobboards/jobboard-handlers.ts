import type { Handlers } from '../../kernel/handler-types.ts';
import type { JobboardService } from './jobboard-service.ts';

export type JobboardChannel = Extract<keyof Handlers, `jobboards.${string}` | `canary.${string}`>;

/** The contract's jobboards.* and canary.* channels. */
export function jobboardHandlers(jobboards: JobboardService): Pick<Handlers, JobboardChannel> {
  return {
    'jobboards.overview': ({ deploymentId }) => jobboards.overview(deploymentId),
    'jobboards.jobs': (query) => jobboards.jobs(query),
    'jobboards.job': ({ deploymentId, path, node }) => jobboards.job(deploymentId, path, node),
    'jobboards.history': (query) => jobboards.history(query),
    'jobboards.counts': (query) => jobboards.counts(query),
    'jobboards.action': (input) => jobboards.action(input),
    'canary.jobs': ({ path, deploymentId }) => jobboards.canaryJobs(path, deploymentId),
    'canary.conductors': ({ path, deploymentId }) => jobboards.canaryConductors(path, deploymentId),
  };
}
