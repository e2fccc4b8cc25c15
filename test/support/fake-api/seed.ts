import type { FakeApi } from './fake-api.ts';
import type { DeploymentCreateInput } from '../../../src/shared/contract/schemas.ts';
import type { Deployment, Tenant } from '../../../src/shared/domain/types.ts';

export async function seedTenant(api: FakeApi, name: string): Promise<Tenant> {
  const result = await api.invoke('tenants.create', { name });
  if (!result.ok) throw new Error(`seeding tenant ${name}: ${result.error.message}`);
  return result.value;
}

export async function seedDeployment(api: FakeApi, input: DeploymentCreateInput): Promise<Deployment> {
  const result = await api.invoke('deployments.create', input);
  if (!result.ok) throw new Error(`seeding deployment ${input.name}: ${result.error.message}`);
  return result.value;
}
