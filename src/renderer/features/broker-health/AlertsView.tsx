import { Link } from 'wouter';
import type { Alert } from '../../../shared/domain/broker.ts';
import { useRequest } from '../../api/use-request.ts';
import { Alert as AlertBox } from '../../components/Alert.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { TimeAgo } from '../../components/TimeAgo.tsx';
import { formatTimestamp } from '../celery/celery-format.ts';
import { brokerPaths, queueOfSubject } from './broker-paths.ts';
import { formatCount, RULE_LABELS } from './broker-format.ts';

function duration(alert: Alert): string {
  const end = alert.closedAt ? Date.parse(alert.closedAt) : Date.now();
  const seconds = Math.max(0, Math.round((end - Date.parse(alert.openedAt)) / 1000));
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

function Subject({ deploymentId, subject }: { deploymentId: number; subject: string }) {
  const queue = queueOfSubject(subject);
  if (!queue) return <span className="mono">{subject}</span>;
  return (
    <Link href={brokerPaths(deploymentId).queue(queue.vhost, queue.name)} className="mono">
      {queue.vhost === '/' ? queue.name : `${queue.vhost} · ${queue.name}`}
    </Link>
  );
}

/** Open alerts first, then the history, newest first. */
export function AlertsView({ deploymentId }: { deploymentId: number }) {
  const alerts = useRequest('alerts.list', { deploymentId, limit: 200 });
  if (alerts.error) return <AlertBox title="Could not load the alerts">{alerts.error.message}</AlertBox>;
  if (!alerts.data) return <Spinner label="Loading the alerts…" />;
  if (alerts.data.length === 0) {
    return (
      <EmptyState title="No alerts yet">
        Alerts open when a rule (depth, growth, no consumer, unacked age, event TTL, polling) holds for the grace period set in this tab&apos;s Settings.
      </EmptyState>
    );
  }
  return (
    <table className="table alerts-table" data-testid="alerts-table">
      <thead>
        <tr>
          <th>State</th>
          <th>Rule</th>
          <th>Subject</th>
          <th>Message</th>
          <th>Opened</th>
          <th>Lasted</th>
          <th className="num">Peak</th>
        </tr>
      </thead>
      <tbody>
        {alerts.data.map((alert) => (
          <tr key={alert.id} className={alert.closedAt ? 'alert-row-closed' : `alert-row-open alert-row-${alert.severity}`} data-testid="alert-row" data-rule={alert.rule} data-open={alert.closedAt === null}>
            <td>
              {alert.closedAt ? (
                <span className="pill pill-alert-closed" title={`Closed ${formatTimestamp(alert.closedAt)}`}>
                  Closed
                </span>
              ) : (
                <span className={`pill pill-alert-${alert.severity}`}>{alert.severity === 'critical' ? 'Critical' : 'Warning'}</span>
              )}
            </td>
            <td>{RULE_LABELS[alert.rule] ?? alert.rule}</td>
            <td>
              <Subject deploymentId={deploymentId} subject={alert.subject} />
            </td>
            <td className="alert-message">{alert.message}</td>
            <td>
              <TimeAgo iso={alert.openedAt} />
            </td>
            <td>{duration(alert)}{alert.closedAt ? '' : ' so far'}</td>
            <td className="num">{alert.peakValue === null ? '—' : formatCount(Math.round(alert.peakValue))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
