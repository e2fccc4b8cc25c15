import { useState } from 'react';
import { Link, useLocation, useRoute } from 'wouter';
import { useMutationRequest } from '../../api/use-mutation-request.ts';
import { useRequest } from '../../api/use-request.ts';
import { Button } from '../../components/Button.tsx';
import { StatusDot } from '../../components/StatusDot.tsx';
import { Tabs } from '../../components/Tabs.tsx';
import { configuredKinds, latestChecks, overallStatus, statusLabel } from '../connections/connection-kinds.ts';
import { ConnectionsTab } from '../connections/ConnectionsTab.tsx';
import { CeleryTab } from '../celery/CeleryTab.tsx';
import { QueuesTab } from '../broker-health/QueuesTab.tsx';
import { NotificationsTab } from '../notifications/NotificationsTab.tsx';
import { JobboardsTab } from '../jobboards/JobboardsTab.tsx';
import { LoadError } from '../shell/LoadError.tsx';
import { PageLoading } from '../shell/PageLoading.tsx';
import { DeleteDeploymentDialog } from './DeleteDeploymentDialog.tsx';
import { DeploymentFormDialog } from './DeploymentFormDialog.tsx';

// Queues, notifications and job boards add their tabs here as they arrive. The tab (and the
// view inside it) is the URL: /deployments/:id is Connections, /deployments/:id/celery/… Celery.
const TABS = [
  { id: 'connections', label: 'Connections' },
  { id: 'celery', label: 'Celery' },
  { id: 'queues', label: 'Queues' },
  { id: 'notifications', label: 'Notifications' },
  { id: 'jobboards', label: 'Job boards' },
];

/** The tab and what follows it in the path, e.g. 'celery' and 'tasks/1f0c…'. */
function useTabFromPath(): { tab: string; rest: string | undefined } {
  const [, params] = useRoute('/deployments/:id/*?');
  const [first, ...rest] = (params?.['*'] ?? '').split('/');
  if (first === 'celery' || first === 'queues' || first === 'notifications' || first === 'jobboards') return { tab: first, rest: rest.join('/') || undefined };
  return { tab: 'connections', rest: undefined };
}

type Open = 'edit' | 'delete' | null;

export function DeploymentPage({ id }: { id: number }) {
  const deployment = useRequest('deployments.get', { id });
  const tenantId = deployment.data?.tenantId ?? 0;
  const tenant = useRequest('tenants.get', { id: tenantId }, { enabled: tenantId > 0 });
  const test = useMutationRequest('deployments.test');
  const { tab, rest } = useTabFromPath();
  const [open, setOpen] = useState<Open>(null);
  const [, navigate] = useLocation();
  const close = () => setOpen(null);

  if (deployment.error) return <LoadError error={deployment.error} what="deployment" onRetry={() => void deployment.refetch()} />;
  if (!deployment.data) return <PageLoading />;

  const current = deployment.data;
  // The test's own answer shows at once; the refetched record may arrive a moment later.
  const checks = latestChecks(test.variables?.id === id ? test.data : undefined, current.checks);
  const configured = configuredKinds(current).length > 0;
  const status = overallStatus({ ...current, checks });

  return (
    <div className="page" data-testid="deployment-page">
      <header className="page-header">
        <div>
          <nav className="breadcrumb" aria-label="Breadcrumb">
            <Link href="/">Tenants</Link>
            <span aria-hidden="true">/</span>
            <Link href={`/tenants/${current.tenantId}`}>{tenant.data?.name ?? '…'}</Link>
          </nav>
          <h1 className="title-with-status">
            <StatusDot status={status} label={statusLabel(status, configured)} />
            {current.name}
          </h1>
        </div>
        <div className="page-actions">
          <Button
            variant="primary"
            busy={test.isPending}
            disabled={!configured}
            title={configured ? undefined : 'Add a broker or ZooKeeper first'}
            onClick={() => test.mutate({ id })}
          >
            Test connections
          </Button>
          <Button onClick={() => setOpen('edit')}>Edit deployment</Button>
          <Button variant="danger" onClick={() => setOpen('delete')}>
            Delete deployment
          </Button>
        </div>
      </header>

      <Tabs
        tabs={TABS}
        active={tab}
        // The trailing '?' drops a query string another view left (hash routing keeps it otherwise).
        onSelect={(next) => navigate(next === 'connections' ? `/deployments/${id}?` : `/deployments/${id}/${next}?`)}
        label="Deployment views"
      />
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-panel">
        {tab === 'celery' ? (
          <CeleryTab deployment={current} rest={rest} onEditDeployment={() => setOpen('edit')} />
        ) : tab === 'queues' ? (
          <QueuesTab deployment={current} rest={rest} onEditDeployment={() => setOpen('edit')} />
        ) : tab === 'notifications' ? (
          <NotificationsTab deployment={current} rest={rest} />
        ) : tab === 'jobboards' ? (
          <JobboardsTab deployment={current} rest={rest} onEditDeployment={() => setOpen('edit')} />
        ) : (
          <ConnectionsTab deployment={current} testing={test.isPending} checks={checks} testError={test.error?.message} />
        )}
      </div>

      {open === 'edit' && <DeploymentFormDialog tenantId={current.tenantId} deployment={current} onClose={close} onSaved={close} />}
      {open === 'delete' && (
        <DeleteDeploymentDialog deployment={current} onClose={close} onDeleted={() => navigate(`/tenants/${current.tenantId}`)} />
      )}
    </div>
  );
}
