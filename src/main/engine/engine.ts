import type { Database } from 'better-sqlite3';
import type { EventName, Events } from '../../shared/contract/channels.ts';
import type { AppInfo, Door } from '../../shared/domain/types.ts';
import { lockDataDir } from './kernel/data-dir-lock.ts';
import { AlertCenter } from './kernel/alerts/alert-center.ts';
import { MetricsExposition } from './kernel/metrics/metrics-exposition.ts';
import { AlertStore } from './kernel/alerts/alert-store.ts';
import { readSettings } from '../../shared/domain/settings-merge.ts';
import { DeploymentService } from './kernel/deployments/deployment-service.ts';
import { createDispatch, type Dispatch } from './kernel/dispatch.ts';
import { EventBus } from './kernel/event-bus.ts';
import type { Handlers, Platform } from './kernel/handler-types.ts';
import { createKernelHandlers } from './handlers.ts';
import type { CapabilityContext } from './kernel/capability.ts';
import { readInstallId } from './kernel/store/install-id.ts';
import type { SnapshotCsv } from './capabilities/celery/export-snapshots.ts';
import { CAPABILITIES, type CapabilityInstances } from './registry.ts';
import type { Logger } from './kernel/logging/logger.ts';
import type { SecretBox } from './kernel/secrets/secret-box.ts';
import { openDatabase } from './store.ts';
import { StoreWriterThread } from './kernel/store/store-writer-thread.ts';
import { DEFAULT_BACKUP_OPTIONS, StoreBackups, type BackupOptions } from './kernel/store/store-backups.ts';
import { StoreHealth } from './kernel/store/store-health.ts';
import type { LogFileStatus } from './kernel/logging/file-sink.ts';
import { WriteTurn } from './kernel/store/write-turn.ts';
import { DeploymentStore } from './kernel/deployments/deployment-store.ts';
import { TenantStore } from './kernel/tenants/tenant-store.ts';
import { TenantService } from './kernel/tenants/tenant-service.ts';

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
  #capabilities: CapabilityInstances | undefined;
  #storeWriter: StoreWriterThread | undefined;
  #metrics: MetricsExposition | undefined;
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
  snapshotCsv(selection: Parameters<SnapshotCsv>[0]): ReturnType<SnapshotCsv> {
    if (!this.#capabilities || this.#status !== 'running') return { ok: false, error: { code: 'unavailable', message: 'Tach is not running.' } };
    return this.#capabilities.celery.snapshotCsv(selection);
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
      // The engine's own writes (alerts, samples, settings) tell a full disk as the writer's commits do.
      this.#db = openDatabase(dataDir, { writeTurn, onWriteFailed: (error) => this.#storeHealth?.writeFailed(error as Error) });
    } catch (error) {
      this.#unlock?.();
      this.#unlock = undefined;
      this.#status = 'stopped';
      throw error;
    }
    const now = this.#options.now ?? (() => new Date());
    const tenantStore = new TenantStore(this.#db);
    const deploymentStore = new DeploymentStore(this.#db);
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
      entry: this.#options.storeWriterEntry ?? new URL('./store-writer-worker.ts', import.meta.url),
      log: log.child({ component: 'store-writer' }),
      onCommit: (failure) => (failure ? storeHealth.writeFailed(failure) : storeHealth.writeSucceeded()),
    });
    this.#storeWriter.start();
    const alerts = new AlertCenter({
      store: new AlertStore(this.#db),
      events: this.#events,
      graceMs: (deploymentId) => readSettings(deploymentStore.get(deploymentId)?.settings ?? '{}').alerts.graceSeconds * 1000,
      deploymentName: (deploymentId) => deploymentStore.get(deploymentId)?.name,
      now: () => now().getTime(),
      log: log.child({ component: 'alerts' }),
    });
    alerts.start();
    const db = this.#db;
    const context: CapabilityContext = {
      db,
      deployments: deploymentStore,
      secrets: this.#options.secrets,
      events: this.#events,
      alerts,
      storeWriter: this.#storeWriter,
      platform: this.#options.platform ?? {},
      installId: () => readInstallId(db),
      log,
      now: () => now().getTime(),
    };
    const capabilities = Object.fromEntries(Object.entries(CAPABILITIES).map(([name, capability]) => [name, capability.create(context)])) as CapabilityInstances;
    this.#capabilities = capabilities;
    this.#metrics = new MetricsExposition((error) => log.error('a metrics source failed', { err: error }));
    this.#metrics.register(storeHealth);
    this.#metrics.register(alerts);
    for (const instance of Object.values(capabilities)) for (const source of instance.metrics) this.#metrics.register(source);
    const kernelHandlers = createKernelHandlers({
      alerts,
      info: () => this.#info(),
      storeHealth: () => storeHealth.view(),
      platform: this.#options.platform ?? {},
      tenants: new TenantService(tenantStore, this.#events, now),
      deployments: new DeploymentService(deploymentStore, tenantStore, this.#options.secrets, this.#events, now),
      deploymentStore,
      secrets: this.#options.secrets,
      events: this.#events,
      log: log.child({ component: 'requests' }),
      now,
    });
    // Every channel has its handler: the kernel's and the registered capabilities' are disjoint and,
    // together, all of them (handlers.ts's KernelChannel is what the capabilities leave).
    const handlers = Object.assign({}, kernelHandlers, ...Object.values(capabilities).map((instance) => instance.handlers)) as Handlers;
    this.#dispatch = createDispatch(handlers, log);
    for (const instance of Object.values(capabilities)) await instance.start();
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
    for (const instance of Object.values(this.#capabilities ?? {}).reverse()) await instance.stop();
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
