import type { BrokerHealth, QueueStat } from '../../../../shared/domain/broker.ts';
import type { BrokerHealthSettings } from '../../../../shared/domain/settings.ts';
import type { AlertSink } from '../../kernel/alerts/alert-signal.ts';
import type { Logger } from '../../kernel/logging/logger.ts';
import type { QueueSampleStore } from './store/queue-sample-store.ts';
import { QueueMemory } from './growth-tracker.ts';
import type { HealthSource } from './health-source.ts';
import { evaluateQueue, POLL_RULE, QUEUE_RULES, subjectOf } from './queue-rules.ts';
import { effectiveThresholds } from '../../../../shared/domain/queue-thresholds.ts';

export interface PollerDeps {
  deploymentId: number;
  source: HealthSource;
  /** Read at every poll: interval and thresholds apply without a restart. */
  settings: () => BrokerHealthSettings;
  samples: QueueSampleStore;
  alerts: AlertSink;
  now: () => number;
  log: Logger;
  onChange: () => void;
}

/**
 * Polls one deployment's broker on a chained timer (never two polls at once), keeps the last
 * answer for the views, stores every poll as samples, and reports every rule's truth to the
 * alert sink. A failed poll is a status and an alert, never the end of polling.
 */
export class BrokerHealthPoller {
  readonly #d: PollerDeps;
  readonly #memory = new QueueMemory();
  #timer: NodeJS.Timeout | undefined;
  #controller: AbortController | undefined;
  #inFlight: Promise<void> | undefined;
  #running = false;
  #health: BrokerHealth;

  constructor(deps: PollerDeps) {
    this.#d = deps;
    this.#health = {
      source: deps.source.kind,
      state: 'waiting',
      detail: 'Waiting for the first poll.',
      limits: deps.source.limits,
      lastPollAt: null,
      pollIntervalSeconds: deps.settings().pollInterval,
      overview: null,
      queues: [],
    };
  }

  get health(): BrokerHealth {
    return this.#health;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#d.source.start();
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    clearTimeout(this.#timer);
    this.#controller?.abort();
    await this.#inFlight;
    await this.#d.source.stop();
    // Nothing watches these conditions any more: their alerts close quietly.
    for (const rule of [...QUEUE_RULES, POLL_RULE]) this.#d.alerts.forget(this.#d.deploymentId, rule);
  }

  #schedule(delayMs: number): void {
    if (!this.#running) return;
    this.#timer = setTimeout(() => {
      this.#inFlight = this.#poll().finally(() => {
        this.#inFlight = undefined;
        this.#schedule(this.#d.settings().pollInterval * 1000);
      });
    }, delayMs);
  }

  async #poll(): Promise<void> {
    const { deploymentId, source, alerts } = this.#d;
    const settings = this.#d.settings();
    this.#controller = new AbortController();
    const subject = source.kind === 'management' ? 'management-api' : 'amqp';
    try {
      const result = await source.poll(this.#controller.signal);
      if (!this.#running) return;
      const at = this.#d.now();
      const queues: QueueStat[] = result.queues.map((q) => ({ ...q, growthPerMinute: this.#memory.growth(subjectOf(q), at, q.messages) }));
      this.#d.samples.insertPoll(deploymentId, at, queues);
      for (const queue of queues) {
        const unackedFor = this.#memory.unackedFor(subjectOf(queue), at, queue.messagesUnacknowledged, queue.ackRate);
        for (const signal of evaluateQueue(queue, effectiveThresholds(settings, subjectOf(queue)), unackedFor)) alerts.report({ deploymentId, ...signal });
      }
      for (const gone of this.#memory.retain(new Set(queues.map(subjectOf)))) {
        for (const rule of QUEUE_RULES) alerts.forget(deploymentId, rule, gone);
      }
      alerts.report({ deploymentId, rule: POLL_RULE, subject, firing: false, severity: 'warning', message: result.detail });
      this.#health = {
        ...this.#health,
        state: 'ok',
        detail: result.detail,
        lastPollAt: new Date(at).toISOString(),
        pollIntervalSeconds: settings.pollInterval,
        overview: result.overview,
        queues,
      };
    } catch (error) {
      if (!this.#running) return;
      const message = error instanceof Error ? error.message : String(error);
      this.#d.log.warn('broker health poll failed', { deploymentId, err: message });
      alerts.report({ deploymentId, rule: POLL_RULE, subject, firing: true, severity: 'warning', message: `Broker health polling fails: ${message}` });
      // The last figures stay, marked stale by lastPollAt and the error state.
      this.#health = {
        ...this.#health,
        state: 'error',
        detail: `${message} Polling again every ${settings.pollInterval} s.`,
        pollIntervalSeconds: settings.pollInterval,
      };
    } finally {
      this.#controller = undefined;
    }
    this.#d.onChange();
  }
}
