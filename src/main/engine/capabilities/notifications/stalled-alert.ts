import type { ConsumerHealth } from '../../../../shared/domain/notifications.ts';
import type { AlertSink } from '../../kernel/alerts/alert-signal.ts';

export const STALLED_RULE = 'notifications.stalled';
const SUBJECT = 'consumer';

/**
 * The level-triggered signal behind 'notifications.stalled': firing while the consumer is not
 * consuming (StackTach's warning: queues that fill up slow the whole cloud down). The alert
 * center owns the grace period; the value is how long it has not been consuming, in seconds.
 */
export class StalledWatch {
  readonly #deploymentId: number;
  readonly #sink: AlertSink;
  #since: number | null = null;

  constructor(deploymentId: number, sink: AlertSink) {
    this.#deploymentId = deploymentId;
    this.#sink = sink;
  }

  evaluate(health: ConsumerHealth, detail: string, nowMs: number): void {
    const firing = health !== 'consuming' && health !== 'off';
    if (!firing) this.#since = null;
    else this.#since ??= nowMs;
    const seconds = this.#since === null ? 0 : Math.round((nowMs - this.#since) / 1000);
    this.#sink.report({
      deploymentId: this.#deploymentId,
      rule: STALLED_RULE,
      subject: SUBJECT,
      firing,
      severity: health === 'failing' ? 'critical' : 'warning',
      message: firing ? `The notification consumer has not been consuming for ${seconds} s: ${detail}` : 'The notification consumer is consuming.',
      value: seconds,
    });
  }

  forget(): void {
    this.#sink.forget(this.#deploymentId, STALLED_RULE);
  }
}
