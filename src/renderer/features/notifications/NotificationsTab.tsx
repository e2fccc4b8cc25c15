import { Link } from 'wouter';
import type { Deployment } from '../../../shared/domain/types.ts';
import { useRequest } from '../../api/use-request.ts';
import { Alert } from '../../components/Alert.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { formatCount, formatCountOf } from '../celery/celery-format.ts';
import { EventDetailView } from './EventDetailView.tsx';
import { EventsView } from './EventsView.tsx';
import { HealthLine } from './HealthLine.tsx';
import { InstanceView } from './InstanceView.tsx';
import { KpiView } from './KpiView.tsx';
import { notificationPaths, parseNotificationView, type NotificationView } from './notification-paths.ts';
import { NotificationSettingsForm } from './NotificationSettingsForm.tsx';
import { RejectedNotificationsView } from './RejectedNotificationsView.tsx';
import { TimingsView } from './TimingsView.tsx';
import { useNotificationsLive } from './use-notifications-live.ts';
import { WatchView } from './WatchView.tsx';

function SubNav({ deploymentId, view, rejected }: { deploymentId: number; view: NotificationView; rejected: number }) {
  const paths = notificationPaths(deploymentId);
  const items = [
    { id: 'events', label: 'Events', href: paths.events(), active: view.kind === 'events' || view.kind === 'event' || view.kind === 'instance' },
    { id: 'watch', label: 'Watch', href: paths.watch, active: view.kind === 'watch' },
    { id: 'timings', label: 'Timings', href: paths.timings, active: view.kind === 'timings' },
    { id: 'kpi', label: 'Request KPIs', href: paths.kpi, active: view.kind === 'kpi' },
    { id: 'rejected', label: `Rejected${rejected > 0 ? ` (${formatCount(rejected)})` : ''}`, href: paths.rejected, active: view.kind === 'rejected' },
    { id: 'settings', label: 'Settings', href: paths.settings, active: view.kind === 'settings' },
  ];
  return (
    <nav className="subnav" aria-label="Notification views">
      {items.map((item) => (
        <Link key={item.id} href={item.href} className={item.active ? 'subnav-item subnav-active' : 'subnav-item'} aria-current={item.active ? 'page' : undefined}>
          {item.label}
        </Link>
      ))}
    </nav>
  );
}

function ViewFor({ deployment, view }: { deployment: Deployment; view: NotificationView }) {
  const id = deployment.id;
  switch (view.kind) {
    case 'event':
      return <EventDetailView deploymentId={id} id={view.id} />;
    case 'instance':
      return <InstanceView deploymentId={id} uuid={view.uuid} />;
    case 'watch':
      return <WatchView deploymentId={id} />;
    case 'timings':
      return <TimingsView deploymentId={id} />;
    case 'kpi':
      return <KpiView deploymentId={id} />;
    case 'rejected':
      return <RejectedNotificationsView deploymentId={id} />;
    case 'settings':
      return <NotificationSettingsForm key={deployment.updatedAt} deployment={deployment} />;
    default:
      return <EventsView deploymentId={id} />;
  }
}

/** StackTach in a tab: the consumer's health first, then events, lifecycles, timings, KPIs. */
export function NotificationsTab({ deployment, rest }: { deployment: Deployment; rest: string | undefined }) {
  const enabled = deployment.settings.notifications.enabled;
  useNotificationsLive(deployment.id);
  const overview = useRequest('notifications.overview', { deploymentId: deployment.id });
  const view = parseNotificationView(rest);

  const stored = overview.data?.storedTotal ?? 0;
  if (!enabled && stored === 0) {
    return (
      <EmptyState title="Notifications are off for this deployment">
        <p>
          With notifications on, Tach consumes the OpenStack notification queues of this deployment&apos;s broker (as StackTach did) and
          keeps every event: an events browser, instance lifecycles, .start/.end timings and request KPIs.
        </p>
        {deployment.broker ? <NotificationSettingsForm deployment={deployment} /> : <Alert title="No broker">Add the cloud&apos;s AMQP URL in Edit deployment first.</Alert>}
      </EmptyState>
    );
  }
  if (!enabled) {
    // Turned off (or never on, with a store from elsewhere): what was kept stays browsable.
    return (
      <div className="notifications-tab" data-testid="notifications-tab">
        <Alert title="Notifications are off for this deployment" tone="info">
          Nothing new is consumed; {formatCountOf(stored, 'event')} stored before can still be browsed until retention removes them.
          Turn notifications on again in Settings.
        </Alert>
        <SubNav deploymentId={deployment.id} view={view} rejected={overview.data?.rejectedTotal ?? 0} />
        <ViewFor deployment={deployment} view={view} />
      </div>
    );
  }
  return (
    <div className="notifications-tab" data-testid="notifications-tab">
      {overview.error && <Alert title="Could not load the consumer's status">{overview.error.message}</Alert>}
      {overview.data ? <HealthLine deploymentId={deployment.id} overview={overview.data} /> : !overview.error && <Spinner label="Loading…" />}
      <SubNav deploymentId={deployment.id} view={view} rejected={overview.data?.rejectedTotal ?? 0} />
      <ViewFor deployment={deployment} view={view} />
    </div>
  );
}
