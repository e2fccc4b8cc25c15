import type { MetricFamily, MetricsSource } from '../../kernel/metrics/metrics-source.ts';
import type { NotificationService } from './notification-service.ts';

const HEALTHS = ['consuming', 'reconnecting', 'failing'] as const;

/**
 * Notification figures for GET /metrics: events stored and rejected, and each deployment's
 * consumer state (one gauge per state, 1 for the current one). Not registered yet: the metrics
 * exposition arrives with another branch and is wired at merge.
 */
export function notificationMetrics(service: NotificationService): MetricsSource {
  return {
    collect(): MetricFamily[] {
      const stored: MetricFamily['samples'][number][] = [];
      const duplicates: MetricFamily['samples'][number][] = [];
      const rejected: MetricFamily['samples'][number][] = [];
      const state: MetricFamily['samples'][number][] = [];
      const lastMessage: MetricFamily['samples'][number][] = [];
      const indexing: MetricFamily['samples'][number][] = [];
      for (const [deploymentId, runner] of service.runners()) {
        const labels = { deployment: String(deploymentId) };
        const counters = runner.consumer.counters();
        stored.push({ labels, value: counters.storedTotal });
        duplicates.push({ labels, value: counters.duplicatesTotal });
        rejected.push({ labels, value: counters.rejectedTotal });
        if (counters.lastMessageAt !== null) lastMessage.push({ labels, value: counters.lastMessageAt / 1000 });
        const overview = service.overview(deploymentId);
        const health = overview.health;
        indexing.push({ labels, value: overview.indexingTotal });
        for (const h of HEALTHS) state.push({ labels: { ...labels, state: h }, value: health === h ? 1 : 0 });
      }
      return [
        { name: 'tach_notifications_stored_total', help: 'Notifications stored since the consumer started (each message_id once).', type: 'counter', samples: stored },
        { name: 'tach_notifications_duplicates_total', help: 'Redelivered notifications recognised by message_id and not stored again.', type: 'counter', samples: duplicates },
        { name: 'tach_notifications_rejected_total', help: 'Messages that could not be read as notifications (kept with the reason).', type: 'counter', samples: rejected },
        { name: 'tach_notifications_consumer_state', help: "1 for the notification consumer's current state.", type: 'gauge', samples: state },
        {
          name: 'tach_notifications_indexing',
          help: 'Notifications committed and acknowledged whose rows, timings and lifecycles are still to be written (0 but during a burst).',
          type: 'gauge',
          samples: indexing,
        },
        { name: 'tach_notifications_last_message_seconds', help: 'Epoch seconds of the last notification received.', type: 'gauge', samples: lastMessage },
      ];
    },
  };
}
