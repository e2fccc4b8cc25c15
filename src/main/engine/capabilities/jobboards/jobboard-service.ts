import type { CanaryConductors, CanaryJobsRecord } from '../../../../shared/domain/canary.ts';
import type { JobboardCountSample, JobboardJob, JobboardJobDetail, JobboardsOverview, JobTransition } from '../../../../shared/domain/jobboards.ts';
import type { JobboardActionInput, JobboardCountsQuery, JobboardHistoryQuery, JobboardJobsQuery } from '../../../../shared/contract/schemas.ts';
import { releaseJob, trashJob } from './job-actions.ts';
import { readSettings } from '../../../../shared/domain/settings-merge.ts';
import type { AlertSink } from '../../kernel/alerts/alert-signal.ts';
import { DomainError, notFound } from '../../kernel/domain-error.ts';
import type { EventBus } from '../../kernel/event-bus.ts';
import type { Logger } from '../../kernel/logging/logger.ts';
import type { DeploymentRecord, DeploymentStore } from '../../kernel/deployments/deployment-store.ts';
import type { JobboardStore } from './store/jobboard-store.ts';
import { DeploymentRunners } from '../../kernel/deployment-runners.ts';
import { conductorsPathOf } from './job-node.ts';
import { JobboardRunner } from './jobboard-runner.ts';
import { canaryJob, jobView, sampleView, sortJobs, transitionView } from './jobboard-views.ts';

/** Live updates of one deployment's boards reach the doors at most this often. */
const CHANGE_EVERY_MS = 300;

export interface JobboardServiceDeps {
  store: JobboardStore;
  deployments: DeploymentStore;
  alerts: AlertSink;
  events: EventBus;
  log: Logger;
  now: () => number;
}

const wanted = (record: DeploymentRecord) => {
  if (!record.zookeeperHosts) return undefined;
  const settings = readSettings(record.settings).jobboards;
  if (settings.paths.length === 0 && settings.discover === null) return undefined;
  return JSON.stringify([record.zookeeperHosts, settings.paths, settings.discover]);
};

/**
 * TaskFlow job boards for every deployment with a ZooKeeper: one runner (session, watchers,
 * sampler) each, rebuilt when the ensemble or the boards to watch change. Read-only.
 */
export class JobboardService {
  readonly #d: JobboardServiceDeps;
  readonly #runners: DeploymentRunners<JobboardRunner>;

  constructor(deps: JobboardServiceDeps) {
    this.#d = deps;
    this.#runners = new DeploymentRunners<JobboardRunner>(
      {
        name: 'job boards',
        changedEvent: 'jobboards.changed',
        changeEveryMs: CHANGE_EVERY_MS,
        fingerprint: wanted,
        start: (record, changed) => {
          if (!record.zookeeperHosts) throw new Error('Add a ZooKeeper ensemble to this deployment to watch its job boards.');
          const runner = new JobboardRunner({
            deploymentId: record.id,
            hosts: record.zookeeperHosts,
            settings: () => readSettings(deps.deployments.get(record.id)?.settings ?? '{}').jobboards,
            store: deps.store,
            alerts: deps.alerts,
            log: deps.log.child({ deploymentId: record.id }),
            now: deps.now,
            onChange: changed,
          });
          runner.start();
          return runner;
        },
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

  /** Runners by deployment, for the metrics source. */
  runners(): ReadonlyMap<number, JobboardRunner> {
    return this.#runners.all();
  }

  overview(deploymentId: number): JobboardsOverview {
    const record = this.#record(deploymentId);
    const runner = this.#runners.get(deploymentId);
    if (!runner) {
      const off =
        this.#runners.problem(deploymentId) ??
        (record.zookeeperHosts
        ? 'No job boards to watch: list board paths or a root to discover them under, in Edit deployment.'
        : 'Add a ZooKeeper ensemble to this deployment to watch its TaskFlow job boards.');
      return { session: { status: 'stopped', detail: off, since: new Date(this.#d.now()).toISOString() }, off, boards: [] };
    }
    return { session: runner.session.status(), off: null, boards: runner.summaries() };
  }

  jobs(query: JobboardJobsQuery): JobboardJob[] {
    this.#record(query.deploymentId);
    const rows = query.at === undefined ? this.#d.store.openJobs(query.deploymentId, query.path) : this.#d.store.jobsAt(query.deploymentId, query.path, Date.parse(query.at));
    if (query.at === undefined && rows.length === 0) this.#assertKnownBoard(query.deploymentId, query.path);
    const name = query.name?.toLowerCase();
    const owner = query.owner?.toLowerCase();
    return sortJobs(
      rows
        .map((row) => jobView(row, true))
        .filter((job) => (query.state === undefined || job.state === query.state) && (name === undefined || (job.name ?? job.node).toLowerCase().includes(name)) && (owner === undefined || (job.owner ?? '').toLowerCase().includes(owner))),
    );
  }

  job(deploymentId: number, path: string, node: string): JobboardJobDetail {
    this.#record(deploymentId);
    const row = this.#d.store.latestJob(deploymentId, path, node);
    if (!row) throw new DomainError('not_found', `No job ${node} has been seen on ${path}.`);
    return {
      job: jobView(row),
      onBoard: row.ended_at === null,
      postedAt: new Date(row.posted_at).toISOString(),
      endedAt: row.ended_at === null ? null : new Date(row.ended_at).toISOString(),
      history: this.#d.store.jobHistory(row.id).map(transitionView),
    };
  }

  history(query: JobboardHistoryQuery): JobTransition[] {
    this.#record(query.deploymentId);
    const { since, until } = this.#window(query.since, query.until, 24 * 3600_000);
    return this.#d.store.history(query.deploymentId, query.path, since, until, query.limit ?? 1000).map(transitionView);
  }

  counts(query: JobboardCountsQuery): JobboardCountSample[] {
    this.#record(query.deploymentId);
    const { since, until } = this.#window(query.since, query.until, 3600_000);
    return this.#d.store.samples(query.deploymentId, query.path, since, until).map(sampleView);
  }

  /** An operator action on an abandoned job (see job-actions.ts); refused on a read-only deployment. */
  async action(input: JobboardActionInput): Promise<{ message: string }> {
    const record = this.#record(input.deploymentId);
    if (!readSettings(record.settings).jobboards.allowActions) {
      throw new DomainError('forbidden', 'Job boards are read-only on this deployment: turn on "Allow trashing and releasing jobs" in its settings to act on jobs.');
    }
    const runner = this.#runners.get(input.deploymentId);
    const client = runner?.session.client;
    if (!runner || !client) throw new DomainError('unavailable', runner ? `Not connected to ZooKeeper: ${runner.session.status().detail}` : 'This deployment watches no job boards.');
    if (!runner.watches(input.path)) throw new DomainError('not_found', `This deployment does not watch a job board at ${input.path}.`, 'path');
    const conductors = runner.summaries().find((board) => board.path === input.path)?.conductors.map((c) => c.name) ?? [];
    const target = { board: input.path, node: input.node, conductors };
    const message = input.action === 'trash' ? await trashJob(client, target) : await releaseJob(client, target);
    this.#d.log.info('job board action', { deploymentId: input.deploymentId, board: input.path, node: input.node, action: input.action });
    return { message };
  }

  /**
   * Canary's GET /v1.0/jobs: one {job_count, jobs} per reading of the board in the last
   * `canaryIntervalSeconds` (Canary's worker wrote one per run; Tach has one per sample, each
   * rebuilt from the history), ending with the board now.
   */
  canaryJobs(path: string, deploymentId?: number): CanaryJobsRecord[] {
    const id = this.#watcherOf(path, deploymentId);
    const record = this.#record(id);
    const now = this.#d.now();
    const interval = readSettings(record.settings).jobboards.canaryIntervalSeconds * 1000;
    const readings = this.#d.store.sampleTimes(id, path, now - interval, now - 1).map((at) => this.#d.store.jobsAt(id, path, at));
    readings.push(this.#d.store.openJobs(id, path));
    return readings.map((rows) => ({ job_count: rows.length, jobs: sortJobs(rows).map(canaryJob) }));
  }

  /** Canary's GET /v1.0/conductor: the conductors registered for the watched boards (or at `path`). */
  canaryConductors(path?: string, deploymentId?: number): CanaryConductors {
    if (deploymentId !== undefined) this.#record(deploymentId);
    const names = new Set<string>();
    for (const [id, runner] of this.#runners.all()) {
      if (deploymentId !== undefined && id !== deploymentId) continue;
      for (const board of runner.summaries()) {
        if (path !== undefined && conductorsPathOf(board.path) !== path) continue;
        for (const conductor of board.conductors) names.add(conductor.name);
      }
    }
    const conductors = [...names].sort();
    return { conductor_count: conductors.length, conductors };
  }

  #watcherOf(path: string, deploymentId?: number): number {
    if (deploymentId !== undefined) {
      this.#record(deploymentId);
      return deploymentId;
    }
    for (const [id, runner] of this.#runners.all()) if (runner.watches(path)) return id;
    throw new DomainError('not_found', `No deployment watches the job board ${path}. Add it to a deployment's ZooKeeper job boards (or pass deploymentId).`, 'path');
  }

  #assertKnownBoard(deploymentId: number, path: string): void {
    const runner = this.#runners.get(deploymentId);
    if (runner?.watches(path)) return;
    if (this.#d.store.history(deploymentId, path, 0, Number.MAX_SAFE_INTEGER, 1).length > 0) return;
    throw new DomainError('not_found', `This deployment does not watch a job board at ${path}.`, 'path');
  }

  #window(since: string | undefined, until: string | undefined, defaultSpan: number): { since: number; until: number } {
    const end = until ? Date.parse(until) : this.#d.now();
    const start = since ? Date.parse(since) : end - defaultSpan;
    if (!(end > start)) throw new DomainError('invalid_input', 'must be after since', 'until');
    return { since: start, until: end };
  }

  #record(deploymentId: number): DeploymentRecord {
    const record = this.#d.deployments.get(deploymentId);
    if (!record) throw notFound('Deployment', deploymentId);
    return record;
  }
}
