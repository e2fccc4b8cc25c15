import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import type { Tenant } from '../../../shared/domain/types.ts';
import { useRequest } from '../../api/use-request.ts';
import { StatusDot } from '../../components/StatusDot.tsx';
import { configuredKinds, overallStatus, statusLabel } from '../connections/connection-kinds.ts';
import { TenantFormDialog } from '../tenants/TenantFormDialog.tsx';
import { useSelection } from './use-selection.ts';

function TenantDeployments({ tenantId, selectedId }: { tenantId: number; selectedId: number | undefined }) {
  const deployments = useRequest('deployments.list', { tenantId });
  const alerts = useRequest('alerts.open', undefined);
  if (!deployments.data) return null;
  if (deployments.data.length === 0) return <p className="nav-empty">No deployments</p>;
  return (
    <ul className="nav-deployments" aria-label="Deployments">
      {deployments.data.map((deployment) => {
        const status = overallStatus(deployment);
        const open = (alerts.data ?? []).filter((a) => a.deploymentId === deployment.id);
        return (
          <li key={deployment.id}>
            <Link
              href={`/deployments/${deployment.id}`}
              className={deployment.id === selectedId ? 'nav-item nav-deployment active' : 'nav-item nav-deployment'}
              aria-current={deployment.id === selectedId ? 'page' : undefined}
            >
              <StatusDot status={status} label={statusLabel(status, configuredKinds(deployment).length > 0)} />
              <span className="nav-label">{deployment.name}</span>
              {open.length > 0 && (
                <span
                  className={open.some((a) => a.severity === 'critical') ? 'nav-alert nav-alert-critical' : 'nav-alert'}
                  role="img"
                  aria-label={`${open.length} open alert${open.length === 1 ? '' : 's'}`}
                  title={open[0]?.message}
                  data-testid={`nav-alert-${deployment.id}`}
                >
                  ⚠ {open.length}
                </span>
              )}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

export function Sidebar({ tenants }: { tenants: Tenant[] }) {
  const { tenantId, deploymentId } = useSelection();
  const [creating, setCreating] = useState(false);
  const [, navigate] = useLocation();

  return (
    <nav className="sidebar" aria-label="Tenants">
      <div className="sidebar-heading">
        <span>Tenants</span>
        <button type="button" className="icon-button" onClick={() => setCreating(true)} aria-label="Add tenant" title="Add tenant">
          +
        </button>
      </div>
      <ul className="nav-tenants">
        {tenants.map((tenant) => {
          const selected = tenant.id === tenantId;
          return (
            <li key={tenant.id}>
              <Link
                href={`/tenants/${tenant.id}`}
                className={selected && deploymentId === undefined ? 'nav-item nav-tenant active' : 'nav-item nav-tenant'}
                aria-current={selected && deploymentId === undefined ? 'page' : undefined}
              >
                <span className="nav-caret" aria-hidden="true">{selected ? '▾' : '▸'}</span>
                <span className="nav-label">{tenant.name}</span>
                <span className="count" aria-label={`${tenant.deploymentCount} deployments`}>
                  {tenant.deploymentCount}
                </span>
              </Link>
              {selected && <TenantDeployments tenantId={tenant.id} selectedId={deploymentId} />}
            </li>
          );
        })}
      </ul>
      {creating && <TenantFormDialog onClose={() => setCreating(false)} onSaved={(tenant) => navigate(`/tenants/${tenant.id}`)} />}
    </nav>
  );
}
