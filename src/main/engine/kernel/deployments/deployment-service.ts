import type { DeploymentCreateInput, DeploymentUpdateInput } from '../../../../shared/contract/schemas.ts';
import type { Deployment } from '../../../../shared/domain/types.ts';
import { DomainError, notFound } from '../domain-error.ts';
import type { EventBus } from '../event-bus.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import type { DeploymentFields, DeploymentRecord, DeploymentStore } from './deployment-store.ts';
import type { TenantStore } from '../tenants/tenant-store.ts';
import { NO_BROKER, brokerFields, changedConnections, zookeeperHosts } from './deployment-fields.ts';
import { jobboardsPatch } from './jobboards-fields.ts';
import { patchSettings, readSettings } from '../../../../shared/domain/settings-merge.ts';
import { toDeployment } from './deployment-view.ts';

/** Deployments: one watched system under a tenant, with its broker, management API and ZooKeeper. */
export class DeploymentService {
  readonly #store: DeploymentStore;
  readonly #tenants: TenantStore;
  readonly #secrets: SecretBox;
  readonly #events: EventBus;
  readonly #now: () => Date;

  constructor(store: DeploymentStore, tenants: TenantStore, secrets: SecretBox, events: EventBus, now: () => Date) {
    this.#store = store;
    this.#tenants = tenants;
    this.#secrets = secrets;
    this.#events = events;
    this.#now = now;
  }

  list(tenantId: number): Deployment[] {
    if (!this.#tenants.get(tenantId)) throw notFound('Tenant', tenantId);
    return this.#store.listByTenant(tenantId).map((record) => toDeployment(record, this.#store.checks(record.id)));
  }

  get(id: number): Deployment {
    return toDeployment(this.record(id), this.#store.checks(id));
  }

  /** The stored record with sealed secrets, for the engine's own sources. Never crosses a door. */
  record(id: number): DeploymentRecord {
    const record = this.#store.get(id);
    if (!record) throw notFound('Deployment', id);
    return record;
  }

  create(input: DeploymentCreateInput): Deployment {
    if (!this.#tenants.get(input.tenantId)) {
      throw new DomainError('not_found', `Tenant ${input.tenantId} does not exist.`, 'tenantId');
    }
    this.#assertNameFree(input.tenantId, input.name);
    const fields: DeploymentFields = {
      name: input.name,
      ...(input.broker ? brokerFields(input.broker, undefined, this.#secrets) : NO_BROKER),
      zookeeperHosts: zookeeperHosts(input.zookeeper, undefined),
      settings: JSON.stringify(
        patchSettings(readSettings('{}'), {
          celery: input.celery,
          brokerHealth: input.brokerHealth,
          alerts: input.alerts,
          notifications: input.notifications,
          jobboards: jobboardsPatch(input),
        }),
      ),
    };
    const id = this.#store.insert(input.tenantId, fields, this.#now().toISOString());
    this.#events.emit('entities.changed', { kind: 'deployment', id, action: 'created' });
    return this.get(id);
  }

  update(input: DeploymentUpdateInput): Deployment {
    const existing = this.record(input.id);
    if (input.name !== undefined) this.#assertNameFree(existing.tenantId, input.name, existing.id);
    let broker;
    if (input.broker === undefined) broker = pickBroker(existing);
    else if (input.broker === null) broker = NO_BROKER;
    else broker = brokerFields(input.broker, existing, this.#secrets);
    const fields: DeploymentFields = {
      name: input.name ?? existing.name,
      ...broker,
      zookeeperHosts: zookeeperHosts(input.zookeeper, existing),
      settings: JSON.stringify(
        patchSettings(readSettings(existing.settings), {
          celery: input.celery,
          brokerHealth: input.brokerHealth,
          alerts: input.alerts,
          notifications: input.notifications,
          jobboards: jobboardsPatch(input),
        }),
      ),
    };
    this.#store.update(existing.id, fields, changedConnections(existing, fields), this.#now().toISOString());
    this.#events.emit('entities.changed', { kind: 'deployment', id: existing.id, action: 'updated' });
    return this.get(existing.id);
  }

  remove(id: number): { id: number } {
    if (!this.#store.remove(id)) throw notFound('Deployment', id);
    this.#events.emit('entities.changed', { kind: 'deployment', id, action: 'removed' });
    return { id };
  }

  #assertNameFree(tenantId: number, name: string, self?: number): void {
    const holder = this.#store.idByName(tenantId, name);
    if (holder !== undefined && holder !== self) {
      throw new DomainError('conflict', `This tenant already has a deployment named "${name}".`, 'name');
    }
  }
}

function pickBroker(record: DeploymentRecord) {
  const { brokerUrl, brokerPassword, managementUrl, managementPassword, tlsCaPath, tlsVerify } = record;
  return { brokerUrl, brokerPassword, managementUrl, managementPassword, tlsCaPath, tlsVerify };
}
