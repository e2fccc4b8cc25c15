import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import type { Tenant } from '../../../shared/domain/types.ts';
import { Button } from '../../components/Button.tsx';
import { TimeAgo } from '../../components/TimeAgo.tsx';
import { TenantFormDialog } from './TenantFormDialog.tsx';
import { TenantHealth } from './TenantHealth.tsx';

export function TenantsOverview({ tenants }: { tenants: Tenant[] }) {
  const [creating, setCreating] = useState(false);
  const [, navigate] = useLocation();
  const deployments = tenants.reduce((sum, tenant) => sum + tenant.deploymentCount, 0);

  return (
    <div className="page" data-testid="overview">
      <header className="page-header">
        <div>
          <h1>Tenants</h1>
          <p className="page-subtitle">
            {tenants.length} {tenants.length === 1 ? 'tenant' : 'tenants'}, {deployments} {deployments === 1 ? 'deployment' : 'deployments'}
          </p>
        </div>
        <div className="page-actions">
          <Button variant="primary" onClick={() => setCreating(true)}>
            New tenant
          </Button>
        </div>
      </header>
      <table className="table tenants-table">
        <thead>
          <tr>
            <th>Name</th>
            <th className="num">Deployments</th>
            <th>Last checks</th>
            <th>Created</th>
          </tr>
        </thead>
        <tbody>
          {tenants.map((tenant) => (
            <tr key={tenant.id} data-testid={`tenant-row-${tenant.id}`}>
              <td>
                <Link href={`/tenants/${tenant.id}`}>{tenant.name}</Link>
              </td>
              <td className="num">{tenant.deploymentCount}</td>
              <td>
                <TenantHealth tenantId={tenant.id} />
              </td>
              <td className="muted">
                <TimeAgo iso={tenant.createdAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {creating && (
        <TenantFormDialog onClose={() => setCreating(false)} onSaved={(tenant) => navigate(`/tenants/${tenant.id}`)} />
      )}
    </div>
  );
}
