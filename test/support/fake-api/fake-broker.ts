import { fail, ok, type Result } from '../../../src/shared/contract/result.ts';
import type { Alert, BrokerHealth, QueueHistory } from '../../../src/shared/domain/broker.ts';

/** Broker health a component test puts behind the fake Api, per deployment. */
export interface FakeBrokerData {
  health: BrokerHealth;
  history?: QueueHistory;
  alerts?: Alert[];
}

const OFF: BrokerHealth = {
  source: 'off',
  state: 'off',
  detail: 'Add a broker to this deployment to watch its queues.',
  limits: null,
  lastPollAt: null,
  pollIntervalSeconds: 10,
  overview: null,
  queues: [],
};

/** The broker.* and alerts.* channels of the fake. */
export function fakeBroker(data: Map<number, FakeBrokerData>, exists: (deploymentId: number) => boolean) {
  const known = (deploymentId: number): Result<never> | undefined => (exists(deploymentId) ? undefined : fail('not_found', `Deployment ${deploymentId} does not exist.`));
  return {
    'broker.health': ({ deploymentId }: { deploymentId: number }): Result<BrokerHealth> => known(deploymentId) ?? ok(data.get(deploymentId)?.health ?? OFF),
    'broker.history': ({ deploymentId }: { deploymentId: number }): Result<QueueHistory> =>
      known(deploymentId) ?? ok(data.get(deploymentId)?.history ?? { resolutionSeconds: 10, samples: [] }),
    'alerts.list': ({ deploymentId, limit }: { deploymentId: number; limit?: number }): Result<Alert[]> =>
      known(deploymentId) ?? ok((data.get(deploymentId)?.alerts ?? []).slice(0, limit ?? 100)),
    'alerts.open': (): Result<Alert[]> => ok([...data.values()].flatMap((d) => d.alerts ?? []).filter((a) => a.closedAt === null)),
  };
}
