import type { Capability, CapabilityInstance } from '../../kernel/capability.ts';
import { jobboardHandlers, type JobboardChannel } from './jobboard-handlers.ts';
import { jobboardMetrics } from './jobboard-metrics.ts';
import { JobboardService } from './jobboard-service.ts';
import { jobboards } from './migrations/006-jobboards.ts';
import { JobboardStore } from './store/jobboard-store.ts';

/** TaskFlow job boards in ZooKeeper (Canary's job): jobs, claims, conductors, history and counts, and Canary's HTTP API. */
export const jobboardsCapability: Capability<CapabilityInstance<JobboardChannel>> = {
  name: 'jobboards',
  migrations: [jobboards],
  create(context) {
    const service = new JobboardService({
      store: new JobboardStore(context.db),
      deployments: context.deployments,
      alerts: context.alerts,
      events: context.events,
      log: context.log.child({ component: 'jobboards' }),
      now: context.now,
    });
    return { start: () => service.start(), stop: () => service.stop(), handlers: jobboardHandlers(service), metrics: [jobboardMetrics(service)] };
  },
};
