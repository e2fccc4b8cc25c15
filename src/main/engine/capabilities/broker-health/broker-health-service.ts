import type { BrokerHealth, QueueHistory } from '../../../../shared/domain/broker.ts';
import type { BrokerHealthSettings } from '../../../../shared/domain/settings.ts';
import { readSettings } from '../../../../shared/domain/settings-merge.ts';
import type { AlertSink } from '../../kernel/alerts/alert-signal.ts';
import { targetsOf } from '../../kernel/connections/connection-targets.ts';
import { DomainError, notFound } from '../../kernel/domain-error.ts';
import type { EventBus } from '../../kernel/event-bus.ts';
import type { Logger } from '../../kernel/logging/logger.ts';
import type { MetricFamily, MetricsSource } from '../../kernel/metrics/metrics-source.ts';
import type { SecretBox } from '../../kernel/secrets/secret-box.ts';
import type { DeploymentRecord, DeploymentStore } from '../../kernel/deployments/deployment-store.ts';
import type { QueueSampleStore } from './store/queue-sample-store.ts';
import { DeploymentRunners } from '../../kernel/deployment-runners.ts';
import { BrokerHealthPoller } from './broker-health-poller.ts';
import type { HealthSource } from './health-source.ts';
import { ManagementSource } from './management-source.ts';
import { PassiveSource } from './passive-source.ts';
import { queueMetrics } from './queue-metrics.ts';

export interface BrokerHealthServiceDeps {
  deployments: DeploymentStore;
  samples: QueueSampleStore;
  secrets: SecretBox;
  alerts: AlertSink;
  events: EventBus;
  log: Logger;
  now: () => number;
}

const CHANGE_EVERY_MS = 500;
const DOWNSAMPLE_EVERY_MS = 5 * 60_000;
const MANAGEMENT_TIMEOUT_MS = 10_000;
/** A history is averaged down to about this many points, whatever the window. */
const HISTORY_POINTS = 500;

/**
 * Broker health for every deployment with a broker: one poller each, on the management API when
 * one is configured and on AMQP passive declares otherwise, rebuilt when its connections change.
 */
export class BrokerHealthService implements MetricsSource {
  readonly #d: BrokerHealthServiceDeps;
  readonly #pollers: DeploymentRunners<BrokerHealthPoller>;
  #downsampleTimer: NodeJS.Timeout | undefined;

  constructor(deps: BrokerHealthServiceDeps) {
    this.#d = deps;
    this.#pollers = new DeploymentRunners<BrokerHealthPoller>(
      {
        name: 'broker health',
        changedEvent: 'broker.changed',
        changeEveryMs: CHANGE_EVERY_MS,
        fingerprint: (record) => {
          const settings = readSettings(record.settings).brokerHealth;
          // Without a management API there is something to poll only once queues are named: a broker
          // used for Celery alone is not a failing poll (and not an alert), just nothing to watch.
          const pollable = record.brokerUrl && (record.managementUrl || settings.queues.length > 0);
          return settings.enabled && pollable ? fingerprint(record) : undefined;
        },
        start: (record, changed) => {
          const poller = new BrokerHealthPoller({
            deploymentId: record.id,
            source: this.#source(record),
            settings: () => this.#settings(record.id),
            samples: deps.samples,
            alerts: deps.alerts,
            now: deps.now,
            log: deps.log,
            onChange: changed,
          });
          poller.start();
          return poller;
        },
      },
      deps,
    );
  }

  async start(): Promise<void> {
    this.#downsample();
    await this.#pollers.start();
  }

  async stop(): Promise<void> {
    clearTimeout(this.#downsampleTimer);
    this.#downsampleTimer = undefined;
    await this.#pollers.stop();
  }

  health(deploymentId: number): BrokerHealth {
    const record = this.#record(deploymentId);
    const settings = readSettings(record.settings).brokerHealth;
    const poller = this.#pollers.get(deploymentId);
    if (poller) return poller.health;
    return {
      source: 'off',
      state: 'off',
      detail:
        this.#pollers.problem(deploymentId) ??
        (!record.brokerUrl
          ? 'Add a broker to this deployment to watch its queues.'
          : !settings.enabled
            ? 'Broker health polling is off for this deployment.'
            : 'Nothing to poll: add the management API URL to the deployment to see every queue, or name the queues to watch in Settings (passive declares).'),
      limits: null,
      lastPollAt: null,
      pollIntervalSeconds: settings.pollInterval,
      overview: null,
      queues: [],
    };
  }

  history(deploymentId: number, vhost: string, name: string, since?: string, until?: string): QueueHistory {
    const record = this.#record(deploymentId);
    const end = until ? Date.parse(until) : this.#d.now();
    const start = since ? Date.parse(since) : end - 3_600_000;
    if (!(end > start)) throw new DomainError('invalid_input', 'must be after since', 'until');
    const interval = readSettings(record.settings).brokerHealth.pollInterval * 1000;
    const bucketMs = Math.max(1000, interval, Math.ceil((end - start) / HISTORY_POINTS / 1000) * 1000);
    const rows = this.#d.samples.range(deploymentId, vhost, name, start, end, bucketMs);
    return {
      resolutionSeconds: bucketMs / 1000,
      samples: rows.map((row) => ({
        at: new Date(row.at).toISOString(),
        messages: row.messages,
        messagesReady: row.ready,
        messagesUnacknowledged: row.unacked,
        consumers: row.consumers,
        publishRate: row.publishRate,
        deliverRate: row.deliverRate,
        ackRate: row.ackRate,
      })),
    };
  }

  collect(): readonly MetricFamily[] {
    return queueMetrics(
      [...this.#pollers.all()].map(([deploymentId, poller]) => ({ deploymentId, name: this.#d.deployments.get(deploymentId)?.name ?? '', health: poller.health })),
    );
  }

  #record(deploymentId: number): DeploymentRecord {
    const record = this.#d.deployments.get(deploymentId);
    if (!record) throw notFound('Deployment', deploymentId);
    return record;
  }

  #downsample(): void {
    try {
      const { rolled, dropped } = this.#d.samples.downsample(this.#d.now());
      if (rolled + dropped > 0) this.#d.log.debug('queue samples downsampled', { rolled, dropped });
    } catch (error) {
      this.#d.log.error('queue sample downsampling failed', { err: error });
    }
    this.#downsampleTimer = setTimeout(() => this.#downsample(), DOWNSAMPLE_EVERY_MS);
    this.#downsampleTimer.unref();
  }

  #settings(deploymentId: number): BrokerHealthSettings {
    return readSettings(this.#d.deployments.get(deploymentId)?.settings ?? '{}').brokerHealth;
  }

  #source(record: DeploymentRecord): HealthSource {
    const targets = targetsOf(record, this.#d.secrets);
    if (targets.management) {
      if ('problem' in targets.management) throw new Error(`The management API password cannot be read: ${targets.management.problem}`);
      return new ManagementSource(targets.management, MANAGEMENT_TIMEOUT_MS);
    }
    const broker = targets.broker;
    if (!broker) throw new Error('Add a broker to this deployment to watch its queues.');
    if ('problem' in broker) throw new Error(`The broker password cannot be read: ${broker.problem}`);
    return new PassiveSource({
      name: `tach-health-${record.id}`,
      url: broker.url,
      tls: broker.tls,
      queues: () => this.#settings(record.id).queues,
      log: this.#d.log.child({ deploymentId: record.id }),
    });
  }
}

/** What a poller is built from; interval, thresholds and queue names are read live instead. */
function fingerprint(record: DeploymentRecord): string {
  return JSON.stringify([record.brokerUrl, record.brokerPassword, record.managementUrl, record.managementPassword, record.tlsCaPath, record.tlsVerify]);
}
