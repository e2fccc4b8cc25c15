import type { AlertCenter } from '../alerts/alert-center.ts';
import type { Handlers } from '../handler-types.ts';
import type { BrokerHealthService } from './broker-health-service.ts';

/** The contract's broker.* and alerts.* channels. */
export function brokerHandlers(
  broker: BrokerHealthService,
  alerts: AlertCenter,
  exists: (deploymentId: number) => void,
): Pick<Handlers, 'broker.health' | 'broker.history' | 'alerts.list' | 'alerts.open'> {
  return {
    'broker.health': ({ deploymentId }) => broker.health(deploymentId),
    'broker.history': ({ deploymentId, vhost, name, since, until }) => broker.history(deploymentId, vhost, name, since, until),
    'alerts.list': ({ deploymentId, limit }) => {
      exists(deploymentId);
      return alerts.list(deploymentId, limit ?? 100);
    },
    'alerts.open': () => alerts.openAlerts(),
  };
}
