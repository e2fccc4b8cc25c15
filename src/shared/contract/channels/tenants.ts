import type { Tenant } from '../../domain/types.ts';
import { channel, event, output } from '../declare.ts';
import { number, restRoutes } from '../rest.ts';
import { byId, empty, tenantCreateInput, tenantUpdateInput } from '../schemas.ts';

export const tenantChannels = {
  'tenants.list': channel(empty, output<Tenant[]>()),
  'tenants.get': channel(byId, output<Tenant>()),
  'tenants.create': channel(tenantCreateInput, output<Tenant>()),
  'tenants.update': channel(tenantUpdateInput, output<Tenant>()),
  'tenants.remove': channel(byId, output<{ id: number }>()),
};

export const tenantEvents = {
  /** Something in the tenant/deployment tree changed (maybe from another client): refetch. */
  'entities.changed': event<{ kind: 'tenant' | 'deployment'; id: number; action: 'created' | 'updated' | 'removed' }>(),
};

const byPathId = { id: number() };

export const tenantRoutes = restRoutes<keyof typeof tenantChannels>([
  { method: 'GET', path: '/api/v1/tenants', channel: 'tenants.list' },
  { method: 'POST', path: '/api/v1/tenants', channel: 'tenants.create', body: 'input', status: 201 },
  { method: 'GET', path: '/api/v1/tenants/:id', channel: 'tenants.get', params: byPathId },
  { method: 'PATCH', path: '/api/v1/tenants/:id', channel: 'tenants.update', params: byPathId, body: 'merge' },
  { method: 'DELETE', path: '/api/v1/tenants/:id', channel: 'tenants.remove', params: byPathId, status: 204 },
]);
