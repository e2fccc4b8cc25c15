import type { MetricFamily, MetricsSource } from '../../kernel/metrics/metrics-source.ts';
import type { JobboardService } from './jobboard-service.ts';

/** Job board figures for GET /metrics, read from the live runners at scrape time. */
export function jobboardMetrics(service: JobboardService): MetricsSource {
  return {
    collect(): readonly MetricFamily[] {
      const jobs: MetricFamily['samples'][number][] = [];
      const oldest: MetricFamily['samples'][number][] = [];
      const conductors: MetricFamily['samples'][number][] = [];
      const connected: MetricFamily['samples'][number][] = [];
      for (const [deploymentId, runner] of service.runners()) {
        const deployment = String(deploymentId);
        connected.push({ labels: { deployment }, value: runner.session.status().status === 'connected' ? 1 : 0 });
        for (const board of runner.summaries()) {
          for (const state of ['UNCLAIMED', 'CLAIMED'] as const) jobs.push({ labels: { deployment, board: board.path, state }, value: board.counts[state] });
          oldest.push({ labels: { deployment, board: board.path }, value: board.oldestUnclaimedSeconds ?? 0 });
          conductors.push({ labels: { deployment, board: board.path }, value: board.conductors.length });
        }
      }
      return [
        { name: 'tach_jobboard_jobs', help: 'Jobs on a TaskFlow job board, by state.', type: 'gauge', samples: jobs },
        { name: 'tach_jobboard_oldest_unclaimed_seconds', help: 'Age of the oldest unclaimed job on the board (0 when none waits).', type: 'gauge', samples: oldest },
        { name: 'tach_jobboard_conductors', help: 'Conductors registered for the board.', type: 'gauge', samples: conductors },
        { name: 'tach_jobboard_zookeeper_connected', help: '1 while the job boards ZooKeeper session is connected.', type: 'gauge', samples: connected },
      ];
    },
  };
}
