import { useRoute } from 'wouter';
import { useRequest } from '../../api/use-request.ts';

/** Which tenant and deployment the current route is about, for the sidebar to expand and highlight. */
export function useSelection(): { tenantId: number | undefined; deploymentId: number | undefined } {
  const [onTenant, tenantParams] = useRoute('/tenants/:id');
  const [onDeployment, deploymentParams] = useRoute('/deployments/:id/*?');
  const deploymentId = onDeployment ? Number(deploymentParams.id) : undefined;
  const deployment = useRequest('deployments.get', { id: deploymentId ?? 0 }, { enabled: Number.isInteger(deploymentId) && (deploymentId ?? 0) > 0 });
  const tenantId = onTenant ? Number(tenantParams.id) : deployment.data?.tenantId;
  return { tenantId, deploymentId };
}
