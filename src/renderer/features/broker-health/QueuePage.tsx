import { lazy, Suspense, useEffect, useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import type { BrokerHealth } from '../../../shared/domain/broker.ts';
import type { Deployment } from '../../../shared/domain/types.ts';
import { useApi } from '../../api/api-context.tsx';
import { useRequest } from '../../api/use-request.ts';
import { Button } from '../../components/Button.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { CHART_WINDOWS, chartWindowFromSearch } from '../celery/chart-windows.ts';
import { brokerPaths } from './broker-paths.ts';
import { QueueThresholdsForm } from './QueueThresholdsForm.tsx';
import { formatCount, formatGrowth, formatMaybeBytes, formatRate, RULE_LABELS } from './broker-format.ts';

// recharts is most of the console's script: it loads when a queue's charts are first opened.
const QueueCharts = lazy(() => import('./QueueCharts.tsx').then((module) => ({ default: module.QueueCharts })));

/** The window's end follows the polls: each 'broker.changed' of the deployment moves it to now. */
function useWindowEnd(deploymentId: number): number {
  const api = useApi();
  const [until, setUntil] = useState(() => Date.now());
  useEffect(
    () =>
      api.on('broker.changed', (payload) => {
        if (payload.deploymentId === deploymentId) setUntil(Date.now());
      }),
    [api, deploymentId],
  );
  return until;
}

/** One queue: its figures now, its open alerts, and its history charted over a chosen window. */
export function QueuePage({ deployment, vhost, name, health }: { deployment: Deployment; vhost: string; name: string; health: BrokerHealth }) {
  const deploymentId = deployment.id;
  const search = useSearch();
  const [, navigate] = useLocation();
  const window = chartWindowFromSearch(search);
  const until = useWindowEnd(deploymentId);
  const queue = health.queues.find((q) => q.vhost === vhost && q.name === name);
  const alerts = useRequest('alerts.open', undefined);
  const subject = `${encodeURIComponent(vhost)}/${name}`;
  const open = (alerts.data ?? []).filter((a) => a.deploymentId === deploymentId && a.subject === subject);
  const paths = brokerPaths(deploymentId);
  return (
    <div className="celery-detail-page" data-testid="queue-page">
      <div className="detail-head">
        <Link href={paths.queues} className="detail-back">
          ← Queues
        </Link>
        <h2 className="detail-title mono">{name}</h2>
        <span className="muted">vhost {vhost}</span>
      </div>
      {open.map((alert) => (
        <div key={alert.id} className={`alert alert-${alert.severity === 'critical' ? 'error' : 'warning'}`} role="alert">
          <strong className="alert-title">{RULE_LABELS[alert.rule] ?? alert.rule}</strong>
          <div>{alert.message}</div>
        </div>
      ))}
      {queue ? (
        <dl className="broker-overview" data-testid="queue-figures">
          <div>
            <dt>Messages</dt>
            <dd className="num" data-testid="queue-page-messages">
              {formatCount(queue.messages)}
            </dd>
          </div>
          <div>
            <dt>Ready</dt>
            <dd className="num">{formatCount(queue.messagesReady)}</dd>
          </div>
          <div>
            <dt>Unacked</dt>
            <dd className="num">{formatCount(queue.messagesUnacknowledged)}</dd>
          </div>
          <div>
            <dt>Consumers</dt>
            <dd className={queue.consumers === 0 && queue.messages > 0 ? 'num queue-no-consumer' : 'num'}>{formatCount(queue.consumers)}</dd>
          </div>
          <div>
            <dt>Growth/min</dt>
            <dd className="num">{formatGrowth(queue.growthPerMinute)}</dd>
          </div>
          <div>
            <dt>Publish/s</dt>
            <dd className="num">{formatRate(queue.publishRate)}</dd>
          </div>
          <div>
            <dt>Deliver/s</dt>
            <dd className="num">{formatRate(queue.deliverRate)}</dd>
          </div>
          <div>
            <dt>Utilisation</dt>
            <dd className="num">{queue.consumerUtilisation === null || queue.consumers === 0 ? '—' : `${Math.round(queue.consumerUtilisation * 100)}%`}</dd>
          </div>
          <div>
            <dt>Memory</dt>
            <dd className="num">{formatMaybeBytes(queue.memory)}</dd>
          </div>
          {queue.messageTtlMs !== null && (
            <div>
              <dt>Message TTL</dt>
              <dd className="num">{queue.messageTtlMs / 1000} s</dd>
            </div>
          )}
        </dl>
      ) : (
        <p className="muted">The last poll did not list this queue (deleted, or not visible to this user); its history is below.</p>
      )}
      <div className="chart-window-picker" role="group" aria-label="Time window">
        {CHART_WINDOWS.map((w) => (
          <Button
            key={w.id}
            variant={w.id === window.id ? 'primary' : 'default'}
            aria-pressed={w.id === window.id}
            data-testid={`chart-window-${w.id}`}
            onClick={() => navigate(`${paths.queue(vhost, name)}?window=${w.id}`, { replace: true })}
          >
            {w.label}
          </Button>
        ))}
      </div>
      <Suspense fallback={<Spinner label="Loading the charts…" />}>
        <QueueCharts deploymentId={deploymentId} vhost={vhost} name={name} window={window} until={until} />
      </Suspense>
      <QueueThresholdsForm key={deployment.updatedAt} deployment={deployment} subject={subject} />
    </div>
  );
}
