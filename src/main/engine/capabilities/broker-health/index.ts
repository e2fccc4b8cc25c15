import type { Capability, CapabilityInstance } from '../../kernel/capability.ts';
import { brokerHandlers, type BrokerChannel } from './broker-handlers.ts';
import { BrokerHealthService } from './broker-health-service.ts';
import { brokerHealth } from './migrations/004-broker-health.ts';
import { QueueSampleStore } from './store/queue-sample-store.ts';

/** Broker health: queue depths, rates and consumers from the management API or passive declares, with alert rules. */
export const brokerHealthCapability: Capability<CapabilityInstance<BrokerChannel>> = {
  name: 'broker-health',
  migrations: [brokerHealth],
  create(context) {
    const service = new BrokerHealthService({
      deployments: context.deployments,
      samples: new QueueSampleStore(context.db),
      secrets: context.secrets,
      alerts: context.alerts,
      events: context.events,
      log: context.log.child({ component: 'broker-health' }),
      now: context.now,
    });
    return { start: () => service.start(), stop: () => service.stop(), handlers: brokerHandlers(service), metrics: [service] };
  },
};
