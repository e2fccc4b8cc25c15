import { readSettings } from '../../../../shared/domain/settings-merge.ts';
import type { MetricFamily, MetricsSource } from '../../kernel/metrics/metrics-source.ts';
import type { DeploymentStore } from '../../kernel/deployments/deployment-store.ts';
import type { CeleryService } from './celery-service.ts';

/**
 * Celery figures for `GET /metrics`, read from the service's overview at scrape time: workers by
 * status, tasks by state (the service bounds what counting costs), and whether the event
 * consumer is consuming. Only deployments with Celery monitoring on.
 */
export function celeryMetrics(celery: CeleryService, deployments: DeploymentStore): MetricsSource {
  return {
    collect(): readonly MetricFamily[] {
      const workers: MetricFamily['samples'][number][] = [];
      const tasks: MetricFamily['samples'][number][] = [];
      const consuming: MetricFamily['samples'][number][] = [];
      for (const id of deployments.allIds()) {
        const record = deployments.get(id);
        if (!record || !readSettings(record.settings).celery.enabled) continue;
        const overview = celery.overview(id);
        const base = { deployment_id: String(id), deployment: record.name };
        workers.push({ labels: { ...base, status: 'online' }, value: overview.workers.online }, { labels: { ...base, status: 'offline' }, value: overview.workers.offline });
        for (const [state, count] of Object.entries(overview.tasksByState)) tasks.push({ labels: { ...base, state }, value: count ?? 0 });
        consuming.push({ labels: base, value: overview.consumer.state === 'consuming' ? 1 : 0 });
      }
      return [
        { name: 'tach_celery_workers', help: 'Celery workers by status (online, offline), as Celery decides it from heartbeats.', type: 'gauge', samples: workers },
        { name: 'tach_celery_tasks', help: 'Celery tasks in the store by their current state.', type: 'gauge', samples: tasks },
        { name: 'tach_celery_consumer_up', help: 'Whether Tach is consuming the deployment\'s celeryev event stream (1) or not (0).', type: 'gauge', samples: consuming },
      ];
    },
  };
}
