import type { Alert } from '../../../../shared/domain/broker.ts';
import type { EventBus } from '../event-bus.ts';
import type { Logger } from '../logging/logger.ts';
import type { MetricFamily, MetricsSource } from '../metrics/metrics-source.ts';
import type { AlertStore } from './alert-store.ts';
import type { AlertSignal, AlertSink } from './alert-signal.ts';

export interface AlertCenterDeps {
  store: AlertStore;
  events: EventBus;
  /** The grace period of a deployment's alerts, read at each report so a settings change applies at once. */
  graceMs: (deploymentId: number) => number;
  /** Deployment names for the metrics' labels. */
  deploymentName: (deploymentId: number) => string | undefined;
  now: () => number;
  log: Logger;
}

const keyOf = (deploymentId: number, rule: string, subject: string) => `${deploymentId}\u0000${rule}\u0000${subject}`;

/**
 * Turns level-triggered signals into alerts: a condition must hold for the deployment's grace
 * period before its alert opens; while open its message and peak follow the latest report; it
 * closes on the first report that it no longer holds. Every open and close is stored and pushed
 * as 'alert.changed'; the doors decide how to tell a person (desktop notification, banner).
 */
export class AlertCenter implements AlertSink, MetricsSource {
  readonly #d: AlertCenterDeps;
  /** Firing but still within the grace period: since when. */
  readonly #pending = new Map<string, number>();
  /** Open alerts by key. */
  readonly #open = new Map<string, Alert>();

  constructor(deps: AlertCenterDeps) {
    this.#d = deps;
  }

  /** Nothing evaluated alerts a previous run left open: they close now, and reopen after grace if still true. */
  start(): void {
    const closed = this.#d.store.closeLeftOpen(this.#d.now());
    if (closed > 0) this.#d.log.info('closed alerts left open by the previous run', { closed });
  }

  report(signal: AlertSignal): void {
    const key = keyOf(signal.deploymentId, signal.rule, signal.subject);
    const open = this.#open.get(key);
    if (!signal.firing) {
      this.#pending.delete(key);
      if (open) this.#close(key, open);
      return;
    }
    const value = signal.value ?? null;
    if (open) {
      if (open.message !== signal.message || open.severity !== signal.severity || value !== open.lastValue) {
        this.#d.store.update(open.id, signal.severity, signal.message, value);
        const updated: Alert = { ...open, severity: signal.severity, message: signal.message, lastValue: value, peakValue: peak(open.peakValue, value) };
        this.#open.set(key, updated);
        this.#d.events.emit('alert.changed', { alert: updated, change: 'updated' });
      }
      return;
    }
    const now = this.#d.now();
    const since = this.#pending.get(key) ?? now;
    if (now - since < this.#d.graceMs(signal.deploymentId)) {
      this.#pending.set(key, since);
      return;
    }
    this.#pending.delete(key);
    const alert = this.#d.store.open({ ...signal, at: now, value });
    this.#open.set(key, alert);
    this.#d.log.warn('alert opened', { deploymentId: alert.deploymentId, rule: alert.rule, subject: alert.subject, message: alert.message });
    this.#d.events.emit('alert.changed', { alert, change: 'opened' });
  }

  forget(deploymentId: number, rule: string, subject?: string): void {
    const prefix = subject === undefined ? keyOf(deploymentId, rule, '') : keyOf(deploymentId, rule, subject);
    const matches = (key: string) => (subject === undefined ? key.startsWith(prefix) : key === prefix);
    for (const key of [...this.#pending.keys()]) if (matches(key)) this.#pending.delete(key);
    for (const [key, alert] of [...this.#open]) if (matches(key)) this.#close(key, alert);
  }

  /** Closes every alert of a deployment (it was deleted, or a capability was turned off). */
  forgetDeployment(deploymentId: number): void {
    const prefix = `${deploymentId}\u0000`;
    for (const key of [...this.#pending.keys()]) if (key.startsWith(prefix)) this.#pending.delete(key);
    for (const [key, alert] of [...this.#open]) if (key.startsWith(prefix)) this.#close(key, alert);
  }

  openAlerts(): Alert[] {
    return [...this.#open.values()].sort((a, b) => b.openedAt.localeCompare(a.openedAt) || b.id - a.id);
  }

  list(deploymentId: number, limit: number): Alert[] {
    return this.#d.store.list(deploymentId, limit);
  }

  collect(): readonly MetricFamily[] {
    const open = this.openAlerts();
    const perDeployment = new Map<number, number>();
    for (const alert of open) perDeployment.set(alert.deploymentId, (perDeployment.get(alert.deploymentId) ?? 0) + 1);
    return [
      {
        name: 'tach_alert_open',
        help: 'An open alert (1) per deployment, rule and subject; absent when not open.',
        type: 'gauge',
        samples: open.map((alert) => ({
          labels: { deployment_id: String(alert.deploymentId), deployment: this.#d.deploymentName(alert.deploymentId) ?? '', rule: alert.rule, subject: alert.subject, severity: alert.severity },
          value: 1,
        })),
      },
      {
        name: 'tach_alerts_open',
        help: 'Open alerts per deployment.',
        type: 'gauge',
        samples: [...perDeployment].map(([deploymentId, count]) => ({
          labels: { deployment_id: String(deploymentId), deployment: this.#d.deploymentName(deploymentId) ?? '' },
          value: count,
        })),
      },
    ];
  }

  /** The stored message stays the one the operator was told while it was open. */
  #close(key: string, open: Alert): void {
    this.#open.delete(key);
    const closed = this.#d.store.close(open.id, this.#d.now());
    if (!closed) return;
    this.#d.log.info('alert closed', { deploymentId: closed.deploymentId, rule: closed.rule, subject: closed.subject });
    this.#d.events.emit('alert.changed', { alert: closed, change: 'closed' });
  }
}

const peak = (current: number | null, value: number | null) => (value === null ? current : current === null ? value : Math.max(current, value));
