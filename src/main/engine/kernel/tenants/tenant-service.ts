import type { Tenant } from '../../../../shared/domain/types.ts';
import type { TenantCreateInput, TenantUpdateInput } from '../../../../shared/contract/schemas.ts';
import { DomainError, notFound } from '../domain-error.ts';
import type { EventBus } from '../event-bus.ts';
import type { TenantStore } from './tenant-store.ts';

/** Tenants: the top of the tree, as in StackTach. Names are unique regardless of case. */
export class TenantService {
  readonly #store: TenantStore;
  readonly #events: EventBus;
  readonly #now: () => Date;

  constructor(store: TenantStore, events: EventBus, now: () => Date) {
    this.#store = store;
    this.#events = events;
    this.#now = now;
  }

  list(): Tenant[] {
    return this.#store.list();
  }

  get(id: number): Tenant {
    const tenant = this.#store.get(id);
    if (!tenant) throw notFound('Tenant', id);
    return tenant;
  }

  create({ name }: TenantCreateInput): Tenant {
    this.#assertNameFree(name);
    const id = this.#store.insert(name, this.#now().toISOString());
    this.#events.emit('entities.changed', { kind: 'tenant', id, action: 'created' });
    return this.get(id);
  }

  update({ id, name }: TenantUpdateInput): Tenant {
    this.get(id);
    this.#assertNameFree(name, id);
    this.#store.rename(id, name);
    this.#events.emit('entities.changed', { kind: 'tenant', id, action: 'updated' });
    return this.get(id);
  }

  /** Removes the tenant and, by cascade, its deployments and everything recorded for them. */
  remove(id: number): { id: number } {
    if (!this.#store.remove(id)) throw notFound('Tenant', id);
    this.#events.emit('entities.changed', { kind: 'tenant', id, action: 'removed' });
    return { id };
  }

  #assertNameFree(name: string, self?: number): void {
    const holder = this.#store.idByName(name);
    if (holder !== undefined && holder !== self) {
      throw new DomainError('conflict', `A tenant named "${name}" already exists.`, 'name');
    }
  }
}
