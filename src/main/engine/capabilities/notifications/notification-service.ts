import type { NotificationEventsQuery, NotificationKpiQuery, NotificationSummaryQuery, NotificationTimingsQuery } from '../../../../shared/contract/notification-schemas.ts';
import type {
  InstanceLifecycle,
  NotificationEvent,
  NotificationEventDetail,
  NotificationsOverview,
  RejectedNotification,
  RequestKpi,
  Timing,
  TimingSummary,
} from '../../../../shared/domain/notifications.ts';
import { readSettings } from '../../../../shared/domain/settings-merge.ts';
import type { AlertSink } from '../../kernel/alerts/alert-signal.ts';
import { percentiles } from '../../kernel/percentiles.ts';
import { DomainError, notFound } from '../../kernel/domain-error.ts';
import type { EventBus } from '../../kernel/event-bus.ts';
import type { Logger } from '../../kernel/logging/logger.ts';
import type { SecretBox } from '../../kernel/secrets/secret-box.ts';
import type { DeploymentStore } from '../../kernel/deployments/deployment-store.ts';
import { inlineNotificationWriter, type NotificationBatchWriter } from './store/notification-batch-writer.ts';
import type { NotificationStore } from './store/notification-store.ts';
import { DeploymentRunners } from '../../kernel/deployment-runners.ts';
import { consumerHealth } from './consumer-health.ts';
import { isoFromMicros } from './decode-notification.ts';
import { notificationFingerprint, startNotificationRunner, type NotificationRunner } from './notification-runner.ts';
import { eventDetailView, eventView, kpiView, rejectedView, timingView } from './notification-views.ts';

const CHANGE_EVERY_MS = 500;
const DAY_US = 86_400_000_000;
const toUs = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso) * 1000);

export interface NotificationServiceDeps {
  store: NotificationStore;
  /** Where consumers commit their batches; the store itself (inline) when not given. */
  writer?: NotificationBatchWriter;
  deployments: DeploymentStore;
  secrets: SecretBox;
  events: EventBus;
  alerts: AlertSink;
  log: Logger;
  now: () => number;
  installId: () => string;
}

/** Notifications for every deployment that has them on: one runner each, rebuilt when its broker or queues change. */
export class NotificationService {
  readonly #d: NotificationServiceDeps;
  readonly #runners: DeploymentRunners<NotificationRunner>;
  readonly #counts = new Map<number, { value: ReturnType<NotificationStore['counts']>; at: number; costMs: number }>();
  readonly #writer: NotificationBatchWriter;

  constructor(deps: NotificationServiceDeps) {
    this.#d = deps;
    this.#writer = deps.writer ?? inlineNotificationWriter(deps.store);
    this.#runners = new DeploymentRunners<NotificationRunner>(
      {
        name: 'notifications',
        changedEvent: 'notifications.changed',
        changeEveryMs: CHANGE_EVERY_MS,
        fingerprint: (record) => {
          const settings = readSettings(record.settings).notifications;
          return settings.enabled && record.brokerUrl ? notificationFingerprint(record, settings) : undefined;
        },
        start: (record, changed) =>
          startNotificationRunner(record, readSettings(record.settings).notifications, {
            store: deps.store,
            writer: this.#writer,
            settings: () => readSettings(deps.deployments.get(record.id)?.settings ?? '{}').notifications,
            secrets: deps.secrets,
            alerts: deps.alerts,
            log: deps.log,
            now: deps.now,
            installId: deps.installId(),
            onChange: changed,
          }),
        forget: (deploymentId) => this.#counts.delete(deploymentId),
      },
      deps,
    );
  }

  start(): Promise<void> {
    return this.#runners.start();
  }

  stop(): Promise<void> {
    return this.#runners.stop();
  }

  /** The running consumers, for the metrics source. */
  runners(): ReadonlyMap<number, NotificationRunner> {
    return this.#runners.all();
  }

  overview(deploymentId: number): NotificationsOverview {
    const record = this.#record(deploymentId);
    const settings = readSettings(record.settings).notifications;
    const counts = this.#countsOf(deploymentId);
    const runner = this.#runners.get(deploymentId);
    const totals = { storedTotal: counts.stored, indexingTotal: counts.indexing, rejectedTotal: counts.rejected, errorsTotal: counts.errors };
    if (!runner) {
      const detail =
        this.#runners.problem(deploymentId) ?? (settings.enabled ? 'Add a broker to consume notifications.' : 'Notifications are off for this deployment.');
      return { enabled: settings.enabled, health: 'off', detail, lastMessageAt: null, rate: 0, ...totals, queues: [] };
    }
    const counters = runner.consumer.counters();
    const health = consumerHealth({ session: runner.session.status(), settings, storeError: counters.storeError, queue: (q) => runner.consumer.queue(q) });
    return {
      enabled: true,
      ...health,
      lastMessageAt: counters.lastMessageAt === null ? null : new Date(counters.lastMessageAt).toISOString(),
      rate: Math.round(counters.rate * 10) / 10,
      ...totals,
    };
  }

  events(query: NotificationEventsQuery): { events: NotificationEvent[]; next: string | null } {
    this.#record(query.deploymentId);
    const limit = query.limit ?? 100;
    const [atUs, id] = query.before ? query.before.split(':').map(Number) : [];
    const rows = this.#d.store.events(query.deploymentId, {
      eventType: query.eventType,
      instance: query.instance,
      requestId: query.requestId,
      tenant: query.tenant,
      host: query.host,
      service: query.service,
      priority: query.priority,
      errorsOnly: query.errorsOnly,
      sinceUs: toUs(query.since),
      untilUs: toUs(query.until),
      before: atUs !== undefined && id !== undefined ? { atUs, id } : undefined,
      limit,
    });
    const last = rows.at(-1);
    return { events: rows.map(eventView), next: rows.length === limit && last ? `${last.at_us}:${last.id}` : null };
  }

  event(id: number): NotificationEventDetail {
    const row = this.#d.store.event(id);
    if (!row) throw new DomainError('not_found', `Event ${id} does not exist (retention may have removed it).`);
    return eventDetailView(row);
  }

  instance(deploymentId: number, uuid: string): InstanceLifecycle {
    this.#record(deploymentId);
    const lifecycle = this.#d.store.lifecycle(deploymentId, uuid);
    const events = this.#d.store.instanceEvents(deploymentId, uuid, 5000);
    if (!lifecycle && events.length === 0) throw new DomainError('not_found', `No notification about instance ${uuid} has been stored for this deployment.`);
    return {
      instance: uuid,
      state: lifecycle?.last_state ?? null,
      taskState: lifecycle?.last_task_state ?? null,
      lastEventType: lifecycle?.last_event_type ?? null,
      lastEventAt: lifecycle ? isoFromMicros(lifecycle.last_at_us) : null,
      events: events.map(eventView),
      timings: this.#d.store.instanceTimings(deploymentId, uuid).map(timingView),
    };
  }

  timings(query: NotificationTimingsQuery): Timing[] {
    this.#record(query.deploymentId);
    return this.#d.store.timings(query.deploymentId, { name: query.name, sinceUs: toUs(query.since), untilUs: toUs(query.until), limit: query.limit ?? 1000 }).map(timingView);
  }

  /** Per operation, as stacky's summary: count, min, max, average and percentiles of complete timings. */
  timingSummary(query: NotificationSummaryQuery): TimingSummary[] {
    this.#record(query.deploymentId);
    const byName = new Map<string, number[]>();
    for (const { name, duration } of this.#d.store.durations(query.deploymentId, toUs(query.since) ?? 0, toUs(query.until) ?? Number.MAX_SAFE_INTEGER)) {
      let list = byName.get(name);
      if (!list) byName.set(name, (list = []));
      list.push(duration);
    }
    return [...byName.entries()]
      .map(([name, list]) => {
        const values = Float64Array.from(list);
        const [p50 = 0, p95 = 0, p99 = 0] = percentiles(values, [50, 95, 99]);
        let sum = 0;
        for (const v of values) sum += v;
        return { name, count: values.length, min: values[0] ?? 0, max: values[values.length - 1] ?? 0, avg: sum / values.length, p50: p50 ?? 0, p95: p95 ?? 0, p99: p99 ?? 0 };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  kpi(query: NotificationKpiQuery): RequestKpi[] {
    this.#record(query.deploymentId);
    const sinceUs = toUs(query.since) ?? this.#d.now() * 1000 - DAY_US;
    return this.#d.store.kpis(query.deploymentId, { tenant: query.tenant, sinceUs, limit: query.limit ?? 100 }).map(kpiView);
  }

  rejected(deploymentId: number, limit = 100): RejectedNotification[] {
    this.#record(deploymentId);
    return this.#d.store.rejected(deploymentId, limit).map(rejectedView);
  }

  /** Counting a million rows takes tens of ms on the ingest thread: a slow count is reused for 20x its cost. */
  #countsOf(deploymentId: number) {
    const cached = this.#counts.get(deploymentId);
    const now = performance.now();
    if (cached && now - cached.at < Math.max(250, cached.costMs * 20)) return cached.value;
    const value = this.#d.store.counts(deploymentId);
    this.#counts.set(deploymentId, { value, at: now, costMs: performance.now() - now });
    return value;
  }

  #record(deploymentId: number) {
    const record = this.#d.deployments.get(deploymentId);
    if (!record) throw notFound('Deployment', deploymentId);
    return record;
  }

  /** The writer wrote rows and derivations behind ingest: the counts and the views changed. */
  writtenBehind(deploymentIds: readonly number[]): void {
    for (const deploymentId of deploymentIds) {
      this.#counts.delete(deploymentId);
      this.#runners.changed(deploymentId);
    }
  }
}
