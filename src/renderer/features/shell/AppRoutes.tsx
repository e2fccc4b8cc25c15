import { Route, Switch } from 'wouter';
import type { Tenant } from '../../../shared/domain/types.ts';
import { DeploymentPage } from '../deployments/DeploymentPage.tsx';
import { TenantPage } from '../tenants/TenantPage.tsx';
import { TenantsOverview } from '../tenants/TenantsOverview.tsx';
import { NotFound } from './NotFound.tsx';

const idFrom = (raw: string): number | undefined => (/^[1-9]\d*$/.test(raw) ? Number(raw) : undefined);

export function AppRoutes({ tenants }: { tenants: Tenant[] }) {
  return (
    <Switch>
      <Route path="/">
        <TenantsOverview tenants={tenants} />
      </Route>
      <Route path="/tenants/:id">
        {({ id }) => {
          const tenantId = idFrom(id);
          return tenantId ? <TenantPage key={tenantId} id={tenantId} /> : <NotFound />;
        }}
      </Route>
      <Route path="/deployments/:id/*?">
        {({ id }) => {
          const deploymentId = idFrom(id);
          // Keyed so a running test or open dialog never carries over to another deployment.
          return deploymentId ? <DeploymentPage key={deploymentId} id={deploymentId} /> : <NotFound />;
        }}
      </Route>
      <Route>
        <NotFound />
      </Route>
    </Switch>
  );
}
