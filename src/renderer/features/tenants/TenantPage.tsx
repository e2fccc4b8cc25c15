import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { useRequest } from '../../api/use-request.ts';
import { Button } from '../../components/Button.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { DeploymentFormDialog } from '../deployments/DeploymentFormDialog.tsx';
import { DeploymentsTable } from '../deployments/DeploymentsTable.tsx';
import { LoadError } from '../shell/LoadError.tsx';
import { PageLoading } from '../shell/PageLoading.tsx';
import { DeleteTenantDialog } from './DeleteTenantDialog.tsx';
import { TenantFormDialog } from './TenantFormDialog.tsx';

type Open = 'add' | 'rename' | 'delete' | null;

export function TenantPage({ id }: { id: number }) {
  const tenant = useRequest('tenants.get', { id });
  const deployments = useRequest('deployments.list', { tenantId: id });
  const [open, setOpen] = useState<Open>(null);
  const [, navigate] = useLocation();
  const close = () => setOpen(null);

  if (tenant.error) return <LoadError error={tenant.error} what="tenant" onRetry={() => void tenant.refetch()} />;
  if (!tenant.data) return <PageLoading />;

  return (
    <div className="page" data-testid="tenant-page">
      <header className="page-header">
        <div>
          <nav className="breadcrumb" aria-label="Breadcrumb">
            <Link href="/">Tenants</Link>
          </nav>
          <h1>{tenant.data.name}</h1>
          <p className="page-subtitle">
            {tenant.data.deploymentCount} {tenant.data.deploymentCount === 1 ? 'deployment' : 'deployments'}
          </p>
        </div>
        <div className="page-actions">
          <Button variant="primary" onClick={() => setOpen('add')}>
            Add deployment
          </Button>
          <Button onClick={() => setOpen('rename')}>Rename tenant</Button>
          <Button variant="danger" onClick={() => setOpen('delete')}>
            Delete tenant
          </Button>
        </div>
      </header>

      {deployments.error ? (
        <LoadError error={deployments.error} what="tenant's deployments" onRetry={() => void deployments.refetch()} />
      ) : !deployments.data ? (
        <PageLoading />
      ) : deployments.data.length === 0 ? (
        <EmptyState title="No deployments yet">
          A deployment is one RabbitMQ broker (with its management API) and, for TaskFlow, a ZooKeeper ensemble. Add the
          first with <strong>Add deployment</strong> above.
        </EmptyState>
      ) : (
        <DeploymentsTable deployments={deployments.data} />
      )}

      {open === 'add' && (
        <DeploymentFormDialog tenantId={id} onClose={close} onSaved={(deployment) => navigate(`/deployments/${deployment.id}`)} />
      )}
      {open === 'rename' && <TenantFormDialog tenant={tenant.data} onClose={close} onSaved={close} />}
      {open === 'delete' && <DeleteTenantDialog tenant={tenant.data} onClose={close} onDeleted={() => navigate('/')} />}
    </div>
  );
}
