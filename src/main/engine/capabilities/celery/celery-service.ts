import type { CommandResult } from '../../../../shared/contract/channels.ts';
import type { CeleryCommandInput, CeleryTasksQuery } from '../../../../shared/contract/schemas.ts';
import type { Readable } from 'node:stream';
import type { CeleryOverview, CelerySnapshot, CeleryStats, CeleryTask, CeleryTaskDetail, CeleryWorker, RejectedEvent } from '../../../../shared/domain/celery.ts';
import { readSettings } from '../../../../shared/domain/settings-merge.ts';
import { DomainError, notFound } from '../../kernel/domain-error.ts';
import type { EventBus } from '../../kernel/event-bus.ts';
import type { Logger } from '../../kernel/logging/logger.ts';
import type { SecretBox } from '../../kernel/secrets/secret-box.ts';
import { inlineCeleryWriter, type CeleryBatchWriter } from './store/celery-batch-writer.ts';
import type { CeleryStore } from './store/celery-store.ts';
import type { DeploymentStore } from '../../kernel/deployments/deployment-store.ts';
import type { SnapshotRow, SnapshotStore } from './store/snapshot-store.ts';
import { snapshotCsv } from './snapshot-csv.ts';
import { percentiles } from '../../kernel/percentiles.ts';
import type { CeleryStatsStore } from './store/celery-stats-store.ts';
import { DeploymentRunners } from '../../kernel/deployment-runners.ts';
import { consumerStatus } from './consumer-status.ts';
import { runnerFingerprint, startCeleryRunner, type CeleryRunner } from './celery-runner.ts';
import { rejectedView, taskDetailView, taskView, workerView } from './celery-views.ts';
import { commandSpec, sendCommand } from './pidbox/index.ts';

const csvName = (deployment: string, label: string) => `tach-${deployment}-snapshots-${label}.csv`.replace(/[^\w.-]+/g, '_');

const snapshotView = (row: SnapshotRow): CelerySnapshot => ({ id: row.id, takenAt: new Date(row.takenAt).toISOString(), ...row.data });

/** A count by state cheaper than this is always redone (see #countsByState). */
const CHEAP_COUNT_MS = 5;

/** Live updates of one deployment reach the doors at most this often. */
const CHANGE_EVERY_MS = 500;

export interface CeleryServiceDeps {
  store: CeleryStore;
  /** Where monitors commit their batches; the store itself (inline) when not given. */
  writer?: CeleryBatchWriter;
  stats: CeleryStatsStore;
  snapshots: SnapshotStore;
  deployments: DeploymentStore;
  secrets: SecretBox;
  events: EventBus;
  log: Logger;
  now: () => number;
}

/**
 * Celery monitoring for every deployment that has it on: one runner (broker session, event
 * monitor, remote control) each, rebuilt when the deployment's broker or settings change.
 */
export class CeleryService {
  readonly #d: CeleryServiceDeps;
  readonly #runners: DeploymentRunners<CeleryRunner>;
  readonly #stateCounts = new Map<number, { counts: Record<string, number>; at: number; costMs: number }>();
  #installId = '';
  readonly #writer: CeleryBatchWriter;

  constructor(deps: CeleryServiceDeps) {
    this.#d = deps;
    this.#writer = deps.writer ?? inlineCeleryWriter(deps.store, deps.snapshots);
    this.#runners = new DeploymentRunners<CeleryRunner>(
      {
        name: 'celery',
        changedEvent: 'celery.changed',
        changeEveryMs: CHANGE_EVERY_MS,
        fingerprint: (record) => {
          const settings = readSettings(record.settings).celery;
          return settings.enabled && record.brokerUrl ? runnerFingerprint(record, settings) : undefined;
        },
        start: (record, changed) =>
          startCeleryRunner(record, readSettings(record.settings).celery, {
            store: deps.store,
            writer: this.#writer,
            settings: () => readSettings(deps.deployments.get(record.id)?.settings ?? '{}').celery,
            secrets: deps.secrets,
            log: deps.log,
            now: deps.now,
            installId: this.#installId,
            onChange: changed,
          }),
        forget: (deploymentId) => this.#stateCounts.delete(deploymentId),
      },
      deps,
    );
  }

  async start(): Promise<void> {
    this.#installId = this.#d.store.installId();
    await this.#runners.start();
  }

  stop(): Promise<void> {
    return this.#runners.stop();
  }

  overview(deploymentId: number): CeleryOverview {
    const record = this.#record(deploymentId);
    const now = this.#d.now();
    const workers = this.workers(deploymentId);
    const settings = readSettings(record.settings).celery;
    const off = this.#runners.problem(deploymentId) ?? (settings.enabled ? 'Add a broker to monitor Celery.' : 'Celery monitoring is off for this deployment.');
    const consumer = consumerStatus(this.#runners.get(deploymentId), off, now);
    if (!this.#runners.get(deploymentId)) consumer.rejectedTotal = this.#d.store.rejectedCount(deploymentId);
    return {
      consumer,
      workers: { online: workers.filter((w) => w.status === 'online').length, offline: workers.filter((w) => w.status === 'offline').length },
      tasksByState: this.#countsByState(deploymentId),
    };
  }

  /**
   * Counting tasks by state scans the whole table (76 ms at 1M tasks, on the thread that also
   * ingests events), and every open console asks up to twice a second. A count that took more
   * than 5 ms is reused for 20 times what it cost, so counting takes at most ~5% of the thread: a
   * small fleet's counts are always fresh, a million tasks' counts are at most ~1.5 s old.
   */
  #countsByState(deploymentId: number): Record<string, number> {
    const cached = this.#stateCounts.get(deploymentId);
    const now = performance.now();
    if (cached && cached.costMs > CHEAP_COUNT_MS && now - cached.at < cached.costMs * 20) return cached.counts;
    const counts = this.#d.store.countsByState(deploymentId);
    this.#stateCounts.set(deploymentId, { counts, at: now, costMs: performance.now() - now });
    return counts;
  }

  workers(deploymentId: number): CeleryWorker[] {
    const record = this.#record(deploymentId);
    const now = this.#d.now();
    const purgeAfter = readSettings(record.settings).celery.purgeOfflineAfter;
    const views = this.#d.store.workers(deploymentId).map((worker) => workerView(worker, now));
    if (purgeAfter === null) return views;
    const cutoff = now - purgeAfter * 1000;
    return views.filter((w) => w.status === 'online' || Date.parse(w.offlineSince ?? w.firstSeen) >= cutoff);
  }

  tasks(query: CeleryTasksQuery): { tasks: CeleryTask[]; next: string | null } {
    this.#record(query.deploymentId);
    const limit = query.limit ?? 100;
    const before = query.before ? { lastEventAt: Number(query.before.slice(0, query.before.indexOf(':'))), uuid: query.before.slice(query.before.indexOf(':') + 1) } : undefined;
    const records = this.#d.store.tasks(query.deploymentId, {
      state: query.state,
      name: query.name,
      worker: query.worker,
      since: query.since === undefined ? undefined : Date.parse(query.since),
      until: query.until === undefined ? undefined : Date.parse(query.until),
      search: query.search,
      before,
      limit,
    });
    const last = records.at(-1);
    return { tasks: records.map(taskView), next: records.length === limit && last ? `${last.lastEventAt}:${last.uuid}` : null };
  }

  task(deploymentId: number, uuid: string): CeleryTaskDetail {
    this.#record(deploymentId);
    const record = this.#d.store.task(deploymentId, uuid);
    if (!record) throw new DomainError('not_found', `No task ${uuid} has been seen on this deployment.`);
    return taskDetailView(record);
  }

  rejected(deploymentId: number, limit = 100): RejectedEvent[] {
    this.#record(deploymentId);
    return this.#d.store.rejected(deploymentId, limit).map(rejectedView);
  }

  async command(kind: 'inspect' | 'control', input: CeleryCommandInput): Promise<CommandResult> {
    const record = this.#record(input.deploymentId);
    const spec = commandSpec(input.method);
    if (!spec) throw new DomainError('invalid_input', `"${input.method}" is not a Celery remote control command.`, 'method');
    if (spec.kind !== kind) {
      throw new DomainError('invalid_input', `"${input.method}" is a${spec.kind === 'inspect' ? 'n inspect' : ' control'} command: send it to ${spec.kind}.`, 'method');
    }
    if (kind === 'control' && readSettings(record.settings).celery.readOnly) {
      throw new DomainError('forbidden', 'This deployment is read-only: control commands are refused. Turn read-only off in its settings to use them.');
    }
    const runner = this.#runners.get(input.deploymentId);
    if (!runner || !runner.pidbox.attached) {
      throw new DomainError('unavailable', runner ? `Not connected to the broker: ${runner.session.status().detail}` : 'Remote control needs Celery monitoring on for this deployment.');
    }
    const result = await sendCommand(runner.pidbox, input.method, input.arguments ?? {}, {
      destination: input.destination ?? null,
      timeoutSeconds: input.timeout,
    });
    this.#d.log.info('celery remote control', { deploymentId: input.deploymentId, kind, method: input.method, destination: input.destination ?? 'all', answered: Object.keys(result.replies).length });
    return { replies: result.replies, missing: result.missing, elapsedMs: result.elapsedMs };
  }

  snapshots(deploymentId: number, since?: string, until?: string, limit = 1000): CelerySnapshot[] {
    this.#record(deploymentId);
    return this.#d.snapshots.list(deploymentId, since ? Date.parse(since) : 0, until ? Date.parse(until) : Number.MAX_SAFE_INTEGER, limit).map(snapshotView);
  }

  /** The snapshots of a time range (or one snapshot) as a CSV stream, and a file name for it. */
  snapshotCsv(selection: { deploymentId: number; since?: string; until?: string } | { snapshotId: number }): { filename: string; stream: Readable } {
    if ('snapshotId' in selection) {
      const snapshot = this.#d.snapshots.get(selection.snapshotId);
      if (!snapshot) throw new DomainError('not_found', `Snapshot ${selection.snapshotId} does not exist (it may have been cleaned up).`);
      const record = this.#record(snapshot.deploymentId);
      return { filename: csvName(record.name, new Date(snapshot.takenAt).toISOString()), stream: snapshotCsv(record.name, [snapshot]) };
    }
    const record = this.#record(selection.deploymentId);
    const since = selection.since ? Date.parse(selection.since) : 0;
    const until = selection.until ? Date.parse(selection.until) : Number.MAX_SAFE_INTEGER;
    const label = selection.since || selection.until ? `${selection.since ?? 'start'}_${selection.until ?? 'now'}` : 'all';
    return { filename: csvName(record.name, label), stream: snapshotCsv(record.name, this.#d.snapshots.iterate(record.id, since, until)) };
  }

  /** The chart series: tasks finished per interval, runtime percentiles, workers online. */
  stats(deploymentId: number, since?: string, until?: string, buckets = 60): CeleryStats {
    this.#record(deploymentId);
    const end = until ? Date.parse(until) : this.#d.now();
    const start = since ? Date.parse(since) : end - 3_600_000;
    if (!(end > start)) throw new DomainError('invalid_input', 'must be after since', 'until');
    const bucketMs = Math.max(1000, Math.ceil((end - start) / buckets / 1000) * 1000);
    const count = Math.ceil((end - start) / bucketMs);
    const { stats } = this.#d;
    const succeeded = stats.counts('succeeded', deploymentId, start, end, bucketMs);
    const failed = stats.counts('failed', deploymentId, start, end, bucketMs);
    const retried = stats.counts('retried', deploymentId, start, end, bucketMs);
    const runtimes = stats.runtimes(deploymentId, start, end, bucketMs);
    const online = stats.workersOnline(deploymentId, start, end, bucketMs);
    return {
      bucketSeconds: bucketMs / 1000,
      buckets: Array.from({ length: count }, (_, bucket) => {
        const [p50 = null, p95 = null, p99 = null] = percentiles(Float64Array.from(runtimes.get(bucket) ?? []), [50, 95, 99]);
        return {
          start: new Date(start + bucket * bucketMs).toISOString(),
          succeeded: succeeded.get(bucket) ?? 0,
          failed: failed.get(bucket) ?? 0,
          retried: retried.get(bucket) ?? 0,
          runtimeP50: p50,
          runtimeP95: p95,
          runtimeP99: p99,
          workersOnline: online.get(bucket) ?? null,
        };
      }),
    };
  }

  #record(deploymentId: number) {
    const record = this.#d.deployments.get(deploymentId);
    if (!record) throw notFound('Deployment', deploymentId);
    return record;
  }
}
