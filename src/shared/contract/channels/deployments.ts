import type { ConnectionChecks, Deployment } from '../../domain/types.ts';
import { channel, event, output } from '../declare.ts';
import { number, restRoutes } from '../rest.ts';
import { byId, byTenant, deploymentCreateInput, deploymentUpdateInput, draftTestInput } from '../schemas.ts';

export const deploymentChannels = {
  'deployments.list': channel(byTenant, output<Deployment[]>()),
  'deployments.get': channel(byId, output<Deployment>()),
  'deployments.create': channel(deploymentCreateInput, output<Deployment>()),
  'deployments.update': channel(deploymentUpdateInput, output<Deployment>()),
  'deployments.remove': channel(byId, output<{ id: number }>()),
  'deployments.test': channel(byId, output<ConnectionChecks>()),
  'connections.testDraft': channel(draftTestInput, output<ConnectionChecks>()),
};

export const deploymentEvents = {
  'deployment.checked': event<{ deploymentId: number; checks: ConnectionChecks }>(),
};

const byPathId = { id: number() };
const tenantInPath = { id: number('tenantId') };

export const deploymentRoutes = restRoutes<keyof typeof deploymentChannels>([
  { method: 'GET', path: '/api/v1/tenants/:id/deployments', channel: 'deployments.list', params: tenantInPath },
  { method: 'POST', path: '/api/v1/tenants/:id/deployments', channel: 'deployments.create', params: tenantInPath, body: 'merge', status: 201 },
  { method: 'GET', path: '/api/v1/deployments/:id', channel: 'deployments.get', params: byPathId },
  { method: 'PATCH', path: '/api/v1/deployments/:id', channel: 'deployments.update', params: byPathId, body: 'merge' },
  { method: 'DELETE', path: '/api/v1/deployments/:id', channel: 'deployments.remove', params: byPathId, status: 204 },
  { method: 'POST', path: '/api/v1/deployments/:id/test', channel: 'deployments.test', params: byPathId },
]);
