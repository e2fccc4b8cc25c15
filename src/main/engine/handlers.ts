import type { Handlers, Platform, SnapshotCsv } from './handler-types.ts';
import type { AppInfo, ConnectionChecks, StoreHealth } from '../../shared/domain/types.ts';
import { DomainError } from './domain-error.ts';
import { celeryHandlers } from './celery/celery-handlers.ts';
import type { AlertCenter } from './alerts/alert-center.ts';
import { brokerHandlers } from './broker/broker-handlers.ts';
import type { BrokerHealthService } from './broker/broker-health-service.ts';
import { jobboardHandlers } from './jobboards/jobboard-handlers.ts';
import type { JobboardService } from './jobboards/jobboard-service.ts';
import { exportSnapshots } from './celery/export-snapshots.ts';
import type { CeleryService } from './celery/celery-service.ts';
import { notificationHandlers } from './nova/notification-handlers.ts';
import type { NotificationService } from './nova/notification-service.ts';
import { targetsOf } from './connections/connection-targets.ts';
import { testConnections } from './connections/connection-tester.ts';
import { NO_BROKER, brokerFields } from './deployments/deployment-fields.ts';
import type { DeploymentService } from './deployments/deployment-service.ts';
import type { EventBus } from './event-bus.ts';
import type { Logger } from './logging/logger.ts';
import type { SecretBox } from './secrets/secret-box.ts';
import type { DeploymentRecord, DeploymentStore } from './store/deployment-store.ts';
import type { TenantService } from './tenants/tenant-service.ts';

export interface HandlerDeps {
  snapshotCsv: SnapshotCsv;
  info: () => AppInfo;
  storeHealth: () => StoreHealth;
  celery: CeleryService;
  broker: BrokerHealthService;
  alerts: AlertCenter;
  notifications: NotificationService;
  jobboards: JobboardService;
  platform: Platform;
  tenants: TenantService;
  deployments: DeploymentService;
  deploymentStore: DeploymentStore;
  secrets: SecretBox;
  events: EventBus;
  log: Logger;
  now: () => Date;
}

export function createHandlers(deps: HandlerDeps): Handlers {
  const { tenants, deployments, secrets, log, now } = deps;
  return {
    'app.info': () => deps.info(),
    'store.health': () => deps.storeHealth(),
    'tenants.list': () => tenants.list(),
    'tenants.get': ({ id }) => tenants.get(id),
    'tenants.create': (input) => tenants.create(input),
    'tenants.update': (input) => tenants.update(input),
    'tenants.remove': ({ id }) => tenants.remove(id),
    'deployments.list': ({ tenantId }) => deployments.list(tenantId),
    'deployments.get': ({ id }) => deployments.get(id),
    'deployments.create': (input) => deployments.create(input),
    'deployments.update': (input) => deployments.update(input),
    'deployments.remove': ({ id }) => deployments.remove(id),
    'deployments.test': async ({ id }): Promise<ConnectionChecks> => {
      const checks = await testConnections(targetsOf(deployments.record(id), secrets), now, log);
      // The deployment may have been removed while the checks ran.
      if (deps.deploymentStore.get(id)) {
        deps.deploymentStore.saveChecks(id, checks);
        deps.events.emit('deployment.checked', { deploymentId: id, checks });
      }
      return checks;
    },
    'connections.testDraft': async (input) => {
      // Tests exactly what the form holds; a stored deployment only lends its secrets, through
      // the same field rules as a save, so "keep the stored password" means the same thing.
      const existing = input.deploymentId === undefined ? undefined : deployments.record(input.deploymentId);
      const draft: DeploymentRecord = {
        id: 0,
        tenantId: 0,
        name: 'draft',
        createdAt: '',
        updatedAt: '',
        ...(input.broker ? brokerFields(input.broker, existing, secrets) : NO_BROKER),
        zookeeperHosts: input.zookeeper?.hosts ?? null,
        settings: '{}',
      };
      return testConnections(targetsOf(draft, secrets), now, log);
    },
    'dialog.pickFile': async (input) => {
      if (!deps.platform.pickFile) {
        throw new DomainError('unavailable', 'Choosing a file needs the desktop app; type the path instead.');
      }
      return { path: await deps.platform.pickFile(input) };
    },
    ...celeryHandlers(deps.celery),
    ...notificationHandlers(deps.notifications),
    ...jobboardHandlers(deps.jobboards),
    'celery.exportSnapshots': (input) => exportSnapshots(input, deps),
    ...brokerHandlers(deps.broker, deps.alerts, (id) => deployments.record(id)),
  } satisfies Handlers;
}
