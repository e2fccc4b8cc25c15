import type { BrokerHealth, QueueHistory } from '../../../shared/domain/broker.ts';
import type { BrokerHealthSettings } from '../../../shared/domain/settings.ts';
import { readSettings } from '../../../shared/domain/settings-merge.ts';
import type { AlertSink } from '../alerts/alert-signal.ts';
import { targetsOf } from '../connections/connection-targets.ts';
import { DomainError, notFound } from '../domain-error.ts';
import type { EventBus } from '../event-bus.ts';
import type { Logger } from '../logging/logger.ts';
import type { MetricFamily, MetricsSource } from '../metrics/metrics-source.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import type { DeploymentRecord, DeploymentStore } from '../store/deployment-store.ts';
import type { QueueSampleStore } from '../store/queue-sample-store.ts';
import { throttle } from '../throttle.ts';
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

interface Running {
  fingerprint: string;
  poller: BrokerHealthPoller;
}

/**
 * Broker health for every deployment with a broker: one poller each, on the management API when
 * one is configured and on AMQP passive declares otherwise, rebuilt when its connections change.
 */
export class BrokerHealthService implements MetricsSource {
  readonly #d: BrokerHealthServiceDeps;
  readonly #running = new Map<number, Running>();
  readonly #problems = new Map<number, string>();
  readonly #notifiers = new Map<number, ReturnType<typeof throttle>>();
  #unsubscribe: (() => void) | undefined;
  #reconciling: Promise<void> = Promise.resolve();
  #downsampleTimer: NodeJS.Timeout | undefined;

  constructor(deps: BrokerHealthServiceDeps) {
    this.#d = deps;
  }

  async start(): Promise<void> {
    this.#unsubscribe = this.#d.events.subscribe((event, payload) => {
      if (event !== 'entities.changed') return;
      const change = payload as { kind: string; id: number };
      const ids = change.kind === 'deployment' ? [change.id] : [...this.#running.keys()];
      for (const id of ids) this.#queue(id);
    });
    for (const id of this.#d.deployments.allIds()) this.#queue(id);
    this.#downsample();
    await this.#reconciling;
  }

  async stop(): Promise<void> {
    this.#unsubscribe?.();
    clearTimeout(this.#downsampleTimer);
    this.#downsampleTimer = undefined;
    await this.#reconciling;
    for (const notifier of this.#notifiers.values()) notifier.cancel();
    await Promise.all([...this.#running.values()].map((running) => running.poller.stop()));
    this.#running.clear();
  }

  health(deploymentId: number): BrokerHealth {
    const record = this.#record(deploymentId);
    const settings = readSettings(record.settings).brokerHealth;
    const running = this.#running.get(deploymentId);
    if (running) return running.poller.health;
    return {
      source: 'off',
      state: 'off',
      detail:
        this.#problems.get(deploymentId) ??
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
      [...this.#running].map(([deploymentId, running]) => ({ deploymentId, name: this.#d.deployments.get(deploymentId)?.name ?? '', health: running.poller.health })),
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

  /** Reconciliations run one at a time, in order, so two quick edits never race. */
  #queue(deploymentId: number): void {
    this.#reconciling = this.#reconciling.then(() => this.#reconcile(deploymentId)).catch((error: unknown) => {
      this.#d.log.error('broker health reconcile failed', { deploymentId, err: error });
    });
  }

  async #reconcile(deploymentId: number): Promise<void> {
    const record = this.#d.deployments.get(deploymentId);
    const settings = record ? readSettings(record.settings).brokerHealth : undefined;
    // Without a management API there is something to poll only once queues are named: a broker
    // used for Celery alone is not a failing poll (and not an alert), just nothing to watch.
    const pollable = record?.brokerUrl && (record.managementUrl || (settings?.queues.length ?? 0) > 0);
    const wanted = record && settings?.enabled && pollable ? fingerprint(record) : undefined;
    const current = this.#running.get(deploymentId);
    if (current && current.fingerprint === wanted) return;
    if (!current && wanted === undefined && !this.#problems.has(deploymentId)) return;
    if (current) {
      this.#running.delete(deploymentId);
      await current.poller.stop();
    }
    this.#problems.delete(deploymentId);
    if (!record || wanted === undefined) {
      this.#notify(deploymentId);
      return;
    }
    try {
      const source = this.#source(record);
      const poller = new BrokerHealthPoller({
        deploymentId,
        source,
        settings: () => this.#settings(deploymentId),
        samples: this.#d.samples,
        alerts: this.#d.alerts,
        now: this.#d.now,
        log: this.#d.log,
        onChange: () => this.#notify(deploymentId),
      });
      this.#running.set(deploymentId, { fingerprint: wanted, poller });
      poller.start();
    } catch (error) {
      this.#problems.set(deploymentId, (error as Error).message);
    }
    this.#notify(deploymentId);
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

  #notify(deploymentId: number): void {
    let notifier = this.#notifiers.get(deploymentId);
    if (!notifier) {
      notifier = throttle(CHANGE_EVERY_MS, () => this.#d.events.emit('broker.changed', { deploymentId }));
      this.#notifiers.set(deploymentId, notifier);
    }
    notifier.call();
  }
}

/** What a poller is built from; interval, thresholds and queue names are read live instead. */
function fingerprint(record: DeploymentRecord): string {
  return JSON.stringify([record.brokerUrl, record.brokerPassword, record.managementUrl, record.managementPassword, record.tlsCaPath, record.tlsVerify]);
}
