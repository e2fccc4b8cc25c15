import type { EventName, Events } from '../../../shared/contract/channels.ts';
import type { EventBus } from './event-bus.ts';
import type { Logger } from './logging/logger.ts';
import type { DeploymentRecord, DeploymentStore } from './deployments/deployment-store.ts';
import { throttle } from './throttle.ts';

/** Anything a capability runs per deployment: it is stopped when the deployment no longer wants it. */
export interface Runner {
  stop(): Promise<void>;
}

/** The events a runner set may announce: the capability's "something of deployment N changed". */
type DeploymentEvent = { [E in EventName]: Events[E] extends { deploymentId: number } ? E : never }[EventName];

/** What a capability tells the lifecycle; everything else (when, in which order, what if) is the lifecycle's. */
export interface RunnerSpec<R extends Runner> {
  /** For logs: "celery", "job boards". */
  name: string;
  /** Announced (throttled) whenever a deployment's runner starts, stops, fails to start, or calls `changed`. */
  changedEvent: DeploymentEvent;
  /** Live updates of one deployment reach the doors at most this often. */
  changeEveryMs: number;
  /**
   * What the runner is built from, as a string: a runner is rebuilt exactly when this changes, and
   * none runs while it is undefined. Settings the runner reads live (intervals, thresholds) stay
   * out of it, so changing them reconfigures the running runner instead of restarting it.
   */
  fingerprint(record: DeploymentRecord): string | undefined;
  /** Builds and starts the runner; a throw (or rejection) becomes the deployment's problem, shown until the next change. */
  start(record: DeploymentRecord, changed: () => void): R | Promise<R>;
  /** A deployment that is gone: drop what the capability cached for it. */
  forget?(deploymentId: number): void;
}

interface Running<R> {
  runner: R;
  fingerprint: string;
}

/**
 * The one per-deployment lifecycle every capability shares: a runner starts when a deployment
 * wants one, stops when it is disabled or deleted, restarts when its fingerprint changes, and a
 * start that fails is kept as the deployment's problem. Changes are applied one at a time, in the
 * order they happened, so two quick edits (or a delete while a runner is starting) never race:
 * each reconciliation reads the deployment as it is when its turn comes.
 */
export class DeploymentRunners<R extends Runner> {
  readonly #spec: RunnerSpec<R>;
  readonly #deployments: DeploymentStore;
  readonly #events: EventBus;
  readonly #log: Logger;
  readonly #running = new Map<number, Running<R>>();
  readonly #problems = new Map<number, string>();
  readonly #notifiers = new Map<number, ReturnType<typeof throttle>>();
  #unsubscribe: (() => void) | undefined;
  #reconciling: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(spec: RunnerSpec<R>, deps: { deployments: DeploymentStore; events: EventBus; log: Logger }) {
    this.#spec = spec;
    this.#deployments = deps.deployments;
    this.#events = deps.events;
    this.#log = deps.log;
  }

  /** Starts a runner for every deployment that wants one, then follows every change. Idempotent. */
  async start(): Promise<void> {
    if (this.#unsubscribe) return this.#reconciling;
    this.#stopped = false;
    this.#unsubscribe = this.#events.subscribe((event, payload) => {
      if (event !== 'entities.changed') return;
      const change = payload as Events['entities.changed'];
      if (change.kind === 'deployment') this.#queue(change.id);
      // A tenant removed took its deployments along: they are no longer in the store to be listed.
      else for (const id of this.#known()) this.#queue(id);
    });
    for (const id of this.#deployments.allIds()) this.#queue(id);
    await this.#reconciling;
  }

  /** Stops following changes, waits for the one being applied, then stops every runner. Idempotent. */
  async stop(): Promise<void> {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#stopped = true;
    await this.#reconciling;
    for (const notifier of this.#notifiers.values()) notifier.cancel();
    this.#notifiers.clear();
    // Newest first: the reverse of the order they were started in.
    const running = [...this.#running.entries()].reverse();
    this.#running.clear();
    await Promise.all(running.map(([deploymentId, { runner }]) => this.#stopRunner(deploymentId, runner)));
  }

  get(deploymentId: number): R | undefined {
    return this.#running.get(deploymentId)?.runner;
  }

  /** The running runners by deployment, for metrics and look-ups across deployments. */
  all(): ReadonlyMap<number, R> {
    return new Map([...this.#running].map(([id, { runner }]) => [id, runner]));
  }

  /** Why the deployment has no runner although it wants one (its start failed), if it does. */
  problem(deploymentId: number): string | undefined {
    return this.#problems.get(deploymentId);
  }

  /** Tells the doors (throttled) that what the deployment shows changed. */
  changed(deploymentId: number): void {
    if (this.#stopped) return;
    let notifier = this.#notifiers.get(deploymentId);
    if (!notifier) {
      notifier = throttle(this.#spec.changeEveryMs, () => this.#events.emit(this.#spec.changedEvent, { deploymentId }));
      this.#notifiers.set(deploymentId, notifier);
    }
    notifier.call();
  }

  /** Resolves once every change queued so far is applied (for tests and for a caller that just edited a deployment). */
  settled(): Promise<void> {
    return this.#reconciling;
  }

  #known(): Set<number> {
    return new Set([...this.#running.keys(), ...this.#problems.keys(), ...this.#deployments.allIds()]);
  }

  #queue(deploymentId: number): void {
    this.#reconciling = this.#reconciling
      .then(() => this.#reconcile(deploymentId))
      .catch((error: unknown) => this.#log.error(`${this.#spec.name} reconcile failed`, { deploymentId, err: error }));
  }

  async #reconcile(deploymentId: number): Promise<void> {
    if (this.#stopped) return;
    const record = this.#deployments.get(deploymentId);
    const wanted = record ? this.#spec.fingerprint(record) : undefined;
    const current = this.#running.get(deploymentId);
    if (current && current.fingerprint === wanted) return;
    const hadProblem = this.#problems.delete(deploymentId);
    if (!record) this.#forget(deploymentId);
    // Nothing ran and nothing should: no news for the doors.
    if (!current && wanted === undefined && !hadProblem) return;
    if (current) {
      this.#running.delete(deploymentId);
      await this.#stopRunner(deploymentId, current.runner);
    }
    if (record && wanted !== undefined) {
      try {
        const runner = await this.#spec.start(record, () => this.changed(deploymentId));
        this.#running.set(deploymentId, { runner, fingerprint: wanted });
      } catch (error) {
        this.#problems.set(deploymentId, (error as Error).message);
        this.#log.warn(`${this.#spec.name} could not start`, { deploymentId, err: error });
      }
    }
    this.changed(deploymentId);
    // A deleted deployment keeps no notifier here; an announcement already due still goes out.
    if (!record) this.#notifiers.delete(deploymentId);
  }

  async #stopRunner(deploymentId: number, runner: R): Promise<void> {
    try {
      await runner.stop();
    } catch (error) {
      // A runner that fails to stop must not keep its successor (or the engine's stop) waiting.
      this.#log.error(`${this.#spec.name} runner did not stop cleanly`, { deploymentId, err: error });
    }
  }

  #forget(deploymentId: number): void {
    try {
      this.#spec.forget?.(deploymentId);
    } catch (error) {
      this.#log.error(`${this.#spec.name} could not forget a removed deployment`, { deploymentId, err: error });
    }
  }
}
