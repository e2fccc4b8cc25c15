import type { Database } from 'better-sqlite3';
import type { EventName, Events } from '../../shared/contract/channels.ts';
import type { Result } from '../../shared/contract/result.ts';
import type { AppInfo, Door } from '../../shared/domain/types.ts';
import { DomainError } from './domain-error.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { CeleryService } from './celery/celery-service.ts';
import { celeryMetrics } from './celery/celery-metrics.ts';
import { notificationMetrics } from './nova/notification-metrics.ts';
import { AlertCenter } from './alerts/alert-center.ts';
import { BrokerHealthService } from './broker/broker-health-service.ts';
import { MetricsExposition } from './metrics/metrics-exposition.ts';
import { AlertStore } from './store/alert-store.ts';
import { QueueSampleStore } from './store/queue-sample-store.ts';
import { readSettings } from '../../shared/domain/settings-merge.ts';
import { JobboardService } from './jobboards/jobboard-service.ts';
import { jobboardMetrics } from './jobboards/jobboard-metrics.ts';
import { JobboardStore } from './store/jobboard-store.ts';
import { DeploymentService } from './deployments/deployment-service.ts';
import { createDispatch, type Dispatch } from './dispatch.ts';
import { EventBus } from './event-bus.ts';
import { createHandlers } from './handlers.ts';
import type { Platform } from './handler-types.ts';
import type { Logger } from './logging/logger.ts';
import type { SecretBox } from './secrets/secret-box.ts';
import { openDatabase } from './store/database.ts';
import { CeleryStore } from './store/celery-store.ts';
import { StoreWriterThread } from './store/store-writer-thread.ts';
import { threadCeleryWriter } from './store/celery-batch-writer.ts';
import { threadNotificationWriter } from './store/notification-batch-writer.ts';
import { DEFAULT_BACKUP_OPTIONS, StoreBackups, type BackupOptions } from './store/store-backups.ts';
import { StoreHealth } from './store/store-health.ts';
import type { LogFileStatus } from './logging/file-sink.ts';
import { WriteTurn } from './store/write-turn.ts';
import { SnapshotStore } from './store/snapshot-store.ts';
import { CeleryStatsStore } from './store/celery-stats-store.ts';
import { DeploymentStore } from './store/deployment-store.ts';
import { TenantStore } from './store/tenant-store.ts';
import { TenantService } from './tenants/tenant-service.ts';
import { NotificationService } from './nova/notification-service.ts';
import { NotificationStore } from './store/notification-store.ts';

export interface EngineOptions {
  dataDir: string;
  door: Door;
  version: string;
  log: Logger;
  /** Each door seals secrets its own way (desktop: the OS keychain; headless: a key file). */
  secrets: SecretBox;
  /** Door-specific abilities (native dialogs); the capabilities the UI sees follow from it. */
  platform?: Platform;
  now?: () => Date;
  /** Where the store writer thread's module lies, for bundled doors (from source: found beside its caller). */
  storeWriterEntry?: URL;
  /** Where the store backup thread's module lies, for bundled doors. */
  storeBackupEntry?: URL;
  /** Daily backups of the store (README, "Data directory"). */
  backups?: BackupOptions;
  /** The door's log file, whose state the health line and /metrics report. */
  logFile?: LogFileStatus;
}

export type EngineStatus = 'idle' | 'starting' | 'running' | 'stopping' | 'stopped';

/**
 * The composition root: owns the store and every service, implements the contract, knows
 * nothing of Electron or http. Start and stop are idempotent; stop undoes start in reverse.
 */
export class Engine {
  readonly #options: EngineOptions;
  readonly #events: EventBus;
  #status: EngineStatus = 'idle';
  #db: Database | undefined;
  #unlock: (() => void) | undefined;
  #dispatch: Dispatch | undefined;
  #celery: CeleryService | undefined;
  #storeWriter: StoreWriterThread | undefined;
  #broker: BrokerHealthService | undefined;
  #metrics: MetricsExposition | undefined;
  #notifications: NotificationService | undefined;
  #jobboards: JobboardService | undefined;
  #storeHealth: StoreHealth | undefined;
  #backups: StoreBackups | undefined;
  #starting: Promise<void> | undefined;
  #stopping: Promise<void> | undefined;

  constructor(options: EngineOptions) {
    this.#options = options;
    this.#events = new EventBus((error) => options.log.error('event listener failed', { err: error }));
  }

  get status(): EngineStatus {
    return this.#status;
  }

  start(): Promise<void> {
    // A failed start may be retried (say, once the other engine released the data dir).
    this.#starting ??= this.#start().catch((error: unknown) => {
      this.#starting = undefined;
      throw error;
    });
    return this.#starting;
  }

  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  /** Every request from every door goes through here. */
  dispatch(channel: string, input: unknown): ReturnType<Dispatch> {
    if (!this.#dispatch) return Promise.resolve({ ok: false, error: { code: 'unavailable', message: 'Tach is not running.' } });
    return this.#dispatch(channel, input);
  }

  /**
   * Snapshots as a CSV stream, for doors that stream files (the headless door's downloads).
   * Streams cannot cross as Results, so this is the one engine call outside dispatch.
   */
  snapshotCsv(selection: Parameters<CeleryService['snapshotCsv']>[0]): Result<ReturnType<CeleryService['snapshotCsv']>> {
    if (!this.#celery || this.#status !== 'running') return { ok: false, error: { code: 'unavailable', message: 'Tach is not running.' } };
    try {
      return { ok: true, value: this.#celery.snapshotCsv(selection) };
    } catch (error) {
      if (error instanceof DomainError) return { ok: false, error: { code: error.code, message: error.message } };
      throw error;
    }
  }

  /** `GET /metrics`: every registered source in the Prometheus text format, collected now. */
  metricsText(): string | undefined {
    return this.#status === 'running' ? this.#metrics?.render() : undefined;
  }

  subscribe(listener: <E extends EventName>(event: E, payload: Events[E]) => void): () => void {
    return this.#events.subscribe(listener);
  }

  async #start(): Promise<void> {
    const { dataDir, log } = this.#options;
    this.#status = 'starting';
    const writeTurn = new WriteTurn();
    try {
      this.#unlock = lockDataDir(dataDir);
      this.#db = openDatabase(dataDir, { writeTurn });
    } catch (error) {
      this.#unlock?.();
      this.#unlock = undefined;
      this.#status = 'stopped';
      throw error;
    }
    const now = this.#options.now ?? (() => new Date());
    const tenantStore = new TenantStore(this.#db);
    const deploymentStore = new DeploymentStore(this.#db);
    const celeryStore = new CeleryStore(this.#db);
    const storeHealth = new StoreHealth({
      dataDir,
      log: log.child({ component: 'store-health' }),
      logFile: this.#options.logFile,
      onChange: (health) => this.#events.emit('store.changed', health),
    });
    this.#storeHealth = storeHealth;
    storeHealth.start();
    // Sources start after the store and stop before it (reverse order).
    this.#storeWriter = new StoreWriterThread({
      dataDir,
      writeTurn,
      entry: this.#options.storeWriterEntry,
      log: log.child({ component: 'store-writer' }),
      onCommit: (failure) => (failure ? storeHealth.writeFailed(failure) : storeHealth.writeSucceeded()),
    });
    this.#storeWriter.start();
    this.#celery = new CeleryService({
      store: celeryStore,
      writer: threadCeleryWriter(this.#storeWriter, log.child({ component: 'store-writer' })),
      snapshots: new SnapshotStore(this.#db),
      stats: new CeleryStatsStore(this.#db),
      deployments: deploymentStore,
      secrets: this.#options.secrets,
      events: this.#events,
      log: log.child({ component: 'celery' }),
      now: () => now().getTime(),
    });
    const alerts = new AlertCenter({
      store: new AlertStore(this.#db),
      events: this.#events,
      graceMs: (deploymentId) => readSettings(deploymentStore.get(deploymentId)?.settings ?? '{}').alerts.graceSeconds * 1000,
      deploymentName: (deploymentId) => deploymentStore.get(deploymentId)?.name,
      now: () => now().getTime(),
      log: log.child({ component: 'alerts' }),
    });
    alerts.start();
    this.#broker = new BrokerHealthService({
      deployments: deploymentStore,
      samples: new QueueSampleStore(this.#db),
      secrets: this.#options.secrets,
      alerts,
      events: this.#events,
      log: log.child({ component: 'broker-health' }),
      now: () => now().getTime(),
    });
    this.#metrics = new MetricsExposition((error) => log.error('a metrics source failed', { err: error }));
    this.#metrics.register(storeHealth);
    this.#metrics.register(this.#broker);
    this.#metrics.register(alerts);
    this.#metrics.register(celeryMetrics(this.#celery, deploymentStore));
    this.#notifications = new NotificationService({
      store: new NotificationStore(this.#db),
      writer: threadNotificationWriter(this.#storeWriter, log.child({ component: 'store-writer' }), (deploymentIds) => this.#notifications?.writtenBehind(deploymentIds)),
      deployments: deploymentStore,
      secrets: this.#options.secrets,
      events: this.#events,
      alerts,
      log: log.child({ component: 'notifications' }),
      now: () => now().getTime(),
      installId: () => celeryStore.installId(),
    });
    this.#metrics.register(notificationMetrics(this.#notifications));
    this.#jobboards = new JobboardService({
      store: new JobboardStore(this.#db),
      deployments: deploymentStore,
      alerts,
      events: this.#events,
      log: log.child({ component: 'jobboards' }),
      now: () => now().getTime(),
    });
    this.#metrics.register(jobboardMetrics(this.#jobboards));
    const handlers = createHandlers({
      broker: this.#broker,
      alerts,
      snapshotCsv: (selection) => this.snapshotCsv(selection),
      info: () => this.#info(),
      storeHealth: () => storeHealth.view(),
      celery: this.#celery,
      notifications: this.#notifications,
      jobboards: this.#jobboards,
      platform: this.#options.platform ?? {},
      tenants: new TenantService(tenantStore, this.#events, now),
      deployments: new DeploymentService(deploymentStore, tenantStore, this.#options.secrets, this.#events, now),
      deploymentStore,
      secrets: this.#options.secrets,
      events: this.#events,
      log: log.child({ component: 'requests' }),
      now,
    });
    this.#dispatch = createDispatch(handlers, log);
    await this.#celery.start();
    await this.#broker.start();
    await this.#notifications.start();
    await this.#jobboards.start();
    this.#backups = new StoreBackups({
      ...(this.#options.backups ?? DEFAULT_BACKUP_OPTIONS),
      dataDir,
      entry: this.#options.storeBackupEntry,
      log: log.child({ component: 'store-backups' }),
      onOutcome: (outcome) => storeHealth.backedUp(outcome),
    });
    this.#backups.start();
    this.#status = 'running';
    log.info('engine started', { dataDir, door: this.#options.door, version: this.#options.version });
  }

  async #stop(): Promise<void> {
    await this.#starting?.catch(() => {});
    if (this.#status !== 'running') return;
    this.#status = 'stopping';
    this.#dispatch = undefined;
    await this.#backups?.stop();
    await this.#jobboards?.stop();
    await this.#notifications?.stop();
    await this.#broker?.stop();
    await this.#celery?.stop();
    await this.#storeWriter?.close();
    this.#storeHealth?.stop();
    this.#db?.close();
    this.#unlock?.();
    this.#status = 'stopped';
    this.#options.log.info('engine stopped');
  }

  #info(): AppInfo {
    return {
      version: this.#options.version,
      door: this.#options.door,
      dataDir: this.#options.dataDir,
      capabilities: { nativeFileDialogs: this.#options.platform?.pickFile !== undefined && this.#options.platform.pickSavePath !== undefined },
    };
  }
}
