import { useState } from 'react';
import { Link } from 'wouter';
import { useRequest } from '../../api/use-request.ts';
import { brokerPaths } from './broker-paths.ts';

const canAskForNotifications = () => typeof Notification !== 'undefined' && Notification.permission === 'default';

/**
 * The open alerts of every deployment, on every page: the worst one in words, how many more,
 * and a link to its deployment's alerts. In a browser, an offer to turn on notifications.
 */
export function AlertBanner({ browser }: { browser: boolean }) {
  const open = useRequest('alerts.open', undefined);
  const [ask, setAsk] = useState(canAskForNotifications);
  const alerts = open.data ?? [];
  if (alerts.length === 0) return null;
  const worst = alerts.find((a) => a.severity === 'critical') ?? alerts[0];
  if (!worst) return null;
  const more = alerts.length - 1;
  return (
    <div className={`alert-banner alert-banner-${worst.severity}`} role="alert" data-testid="alert-banner">
      <span aria-hidden="true">⚠</span>
      <span className="alert-banner-text">{worst.message}</span>
      {more > 0 && <span className="alert-banner-more">and {more} more open alert{more === 1 ? '' : 's'}</span>}
      <Link href={brokerPaths(worst.deploymentId).alerts} className="alert-banner-link">
        See alerts
      </Link>
      {browser && ask && (
        <button
          type="button"
          className="alert-banner-link alert-banner-button"
          onClick={() => void Notification.requestPermission().then(() => setAsk(canAskForNotifications()))}
        >
          Notify me in this browser
        </button>
      )}
    </div>
  );
}
