import type { BrokerHealth, QueueStat } from '../../../../shared/domain/broker.ts';
import type { MetricFamily } from '../../kernel/metrics/metrics-source.ts';

interface DeploymentHealth {
  deploymentId: number;
  name: string;
  health: BrokerHealth;
}

const QUEUE_FIGURES: { name: string; help: string; value: (q: QueueStat) => number | null }[] = [
  { name: 'tach_queue_messages', help: 'Messages in the queue (ready and unacknowledged), at the last poll.', value: (q) => q.messages },
  { name: 'tach_queue_messages_ready', help: 'Messages ready for delivery, at the last poll.', value: (q) => q.messagesReady },
  { name: 'tach_queue_messages_unacknowledged', help: 'Messages delivered and not yet acknowledged, at the last poll.', value: (q) => q.messagesUnacknowledged },
  { name: 'tach_queue_consumers', help: 'Consumers of the queue, at the last poll.', value: (q) => q.consumers },
  { name: 'tach_queue_publish_rate', help: 'Messages published to the queue per second.', value: (q) => q.publishRate },
  { name: 'tach_queue_deliver_rate', help: 'Messages delivered from the queue per second.', value: (q) => q.deliverRate },
];

/** Queue figures per deployment for `GET /metrics`; a figure the source cannot give is left out, not zero. */
export function queueMetrics(deployments: readonly DeploymentHealth[]): MetricFamily[] {
  const families: MetricFamily[] = QUEUE_FIGURES.map((figure) => ({
    name: figure.name,
    help: figure.help,
    type: 'gauge',
    samples: deployments.flatMap(({ deploymentId, name, health }) =>
      health.queues.flatMap((q) => {
        const value = figure.value(q);
        return value === null ? [] : [{ labels: { deployment_id: String(deploymentId), deployment: name, vhost: q.vhost, queue: q.name }, value }];
      }),
    ),
  }));
  families.push({
    name: 'tach_broker_poll_up',
    help: 'Whether the last broker health poll of the deployment answered (1) or failed (0).',
    type: 'gauge',
    samples: deployments
      .filter(({ health }) => health.state === 'ok' || health.state === 'error')
      .map(({ deploymentId, name, health }) => ({ labels: { deployment_id: String(deploymentId), deployment: name, source: health.source }, value: health.state === 'ok' ? 1 : 0 })),
  });
  return families;
}
