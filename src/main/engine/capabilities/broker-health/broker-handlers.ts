import type { Handlers } from '../../kernel/handler-types.ts';
import type { BrokerHealthService } from './broker-health-service.ts';

export type BrokerChannel = Extract<keyof Handlers, `broker.${string}`>;

/** The contract's broker.* channels. */
export function brokerHandlers(broker: BrokerHealthService): Pick<Handlers, BrokerChannel> {
  return {
    'broker.health': ({ deploymentId }) => broker.health(deploymentId),
    'broker.history': ({ deploymentId, vhost, name, since, until }) => broker.history(deploymentId, vhost, name, since, until),
  };
}
