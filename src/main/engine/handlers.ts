import type { Handlers, Platform } from './kernel/handler-types.ts';
import type { CapabilityChannel } from './registry.ts';
import type { AppInfo, ConnectionChecks, StoreHealth } from '../../shared/domain/types.ts';
import { DomainError } from './kernel/domain-error.ts';
import type { AlertCenter } from './kernel/alerts/alert-center.ts';
import { targetsOf } from './kernel/connections/connection-targets.ts';
import { testConnections } from './kernel/connections/connection-tester.ts';
import { NO_BROKER, brokerFields } from './kernel/deployments/deployment-fields.ts';
import type { DeploymentService } from './kernel/deployments/deployment-service.ts';
import type { EventBus } from './kernel/event-bus.ts';
import type { Logger } from './kernel/logging/logger.ts';
import type { SecretBox } from './kernel/secrets/secret-box.ts';
import type { DeploymentRecord, DeploymentStore } from './kernel/deployments/deployment-store.ts';
import type { TenantService } from './kernel/tenants/tenant-service.ts';

export interface HandlerDeps {
  info: () => AppInfo;
  storeHealth: () => StoreHealth;
  alerts: AlertCenter;
  platform: Platform;
  tenants: TenantService;
  deployments: DeploymentService;
  deploymentStore: DeploymentStore;
  secrets: SecretBox;
  events: EventBus;
  log: Logger;
  now: () => Date;
}

/** The channels the kernel answers itself: everything but the registered capabilities' (registry.ts). */
export type KernelChannel = Exclude<keyof Handlers, CapabilityChannel>;

/** The kernel's handlers: the app, tenants, deployments and their connections, native dialogs, alerts. */
export function createKernelHandlers(deps: HandlerDeps): Pick<Handlers, KernelChannel> {
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
    'alerts.list': ({ deploymentId, limit }) => {
      deployments.record(deploymentId);
      return deps.alerts.list(deploymentId, limit ?? 100);
    },
    'alerts.open': () => deps.alerts.openAlerts(),
  };
}
