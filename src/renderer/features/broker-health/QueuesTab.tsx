import { Link } from 'wouter';
import type { Deployment } from '../../../shared/domain/types.ts';
import { useRequest } from '../../api/use-request.ts';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { AlertsView } from './AlertsView.tsx';
import { BrokerHeader } from './BrokerHeader.tsx';
import { brokerPaths, parseBrokerView, type BrokerView } from './broker-paths.ts';
import { BrokerSettingsView } from './BrokerSettingsView.tsx';
import { QueuePage } from './QueuePage.tsx';
import { QueuesView } from './QueuesView.tsx';
import { useBrokerLive } from './use-broker-live.ts';

function SubNav({ deploymentId, view, queues, openAlerts }: { deploymentId: number; view: BrokerView; queues?: number; openAlerts: number }) {
  const paths = brokerPaths(deploymentId);
  const items = [
    { id: 'queues', label: 'Queues', href: paths.queues, count: queues, active: view.kind === 'queues' || view.kind === 'queue', warn: false },
    { id: 'alerts', label: 'Alerts', href: paths.alerts, count: openAlerts > 0 ? openAlerts : undefined, active: view.kind === 'alerts', warn: openAlerts > 0 },
    { id: 'settings', label: 'Settings', href: paths.settings, count: undefined, active: view.kind === 'settings', warn: false },
  ];
  return (
    <nav className="subnav" aria-label="Broker views">
      {items.map((item) => (
        <Link
          key={item.id}
          href={item.href}
          className={item.active ? 'subnav-item subnav-active' : 'subnav-item'}
          aria-current={item.active ? 'page' : undefined}
          data-testid={`broker-nav-${item.id}`}
        >
          {item.label}
          {item.count !== undefined && <span className={item.warn ? 'count count-alert' : 'count'}>{item.count}</span>}
        </Link>
      ))}
    </nav>
  );
}

/** The Queues tab: broker status and overview, then the queues, one queue's charts, alerts or settings. */
export function QueuesTab({ deployment, rest, onEditDeployment }: { deployment: Deployment; rest: string | undefined; onEditDeployment: () => void }) {
  const deploymentId = deployment.id;
  useBrokerLive(deploymentId);
  const health = useRequest('broker.health', { deploymentId });
  const openAlerts = useRequest('alerts.open', undefined);
  const view = parseBrokerView(rest);
  if (!deployment.broker) {
    return (
      <EmptyState title="Add a broker first" action={<Button onClick={onEditDeployment}>Edit deployment</Button>}>
        Tach watches queues through the deployment&apos;s RabbitMQ: its management API for everything (depths, consumers, rates, the
        broker&apos;s alarms), or passive declares of named queues when there is no management API.
      </EmptyState>
    );
  }
  const alertCount = (openAlerts.data ?? []).filter((a) => a.deploymentId === deploymentId).length;
  return (
    <div className="celery-tab" data-testid="queues-tab">
      {health.error ? (
        <Alert title="Could not load the broker status">{health.error.message}</Alert>
      ) : health.data ? (
        <BrokerHeader health={health.data} />
      ) : (
        <Spinner label="Loading the broker status…" />
      )}
      <SubNav deploymentId={deploymentId} view={view} queues={health.data?.queues.length} openAlerts={alertCount} />
      {health.data && view.kind === 'queues' && <QueuesView deploymentId={deploymentId} health={health.data} />}
      {health.data && view.kind === 'queue' && <QueuePage key={`${view.vhost}/${view.name}`} deployment={deployment} vhost={view.vhost} name={view.name} health={health.data} />}
      {view.kind === 'alerts' && <AlertsView deploymentId={deploymentId} />}
      {view.kind === 'settings' && <BrokerSettingsView key={deployment.updatedAt} deployment={deployment} />}
      {view.kind === 'unknown' && (
        <EmptyState title="Nothing here" action={<Link href={brokerPaths(deploymentId).queues}>Go to the queues</Link>}>
          This address does not exist.
        </EmptyState>
      )}
    </div>
  );
}
