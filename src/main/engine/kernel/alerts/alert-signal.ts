// The seam between the capabilities that watch something (broker health, notifications, job
// boards, Celery) and the alert center that decides what an operator is told.
//
// Signals are level-triggered: a watcher reports the current truth of each condition at every
// evaluation (firing or not), and the alert center owns everything stateful: the grace period
// before an alert opens, the history, notifications, and closing an alert when its condition
// clears. A watcher that stops reporting a condition (its deployment was deleted or disabled)
// calls `forget`, so the alert closes instead of staying open forever.

export type AlertSeverity = 'warning' | 'critical';

export interface AlertSignal {
  deploymentId: number;
  /** Dotted rule name, stable across versions: 'queue.depth', 'notifications.stalled', 'jobboard.waiting'. */
  rule: string;
  /** What the rule is about within the deployment: a queue (`vhost/name`), a board path, a consumer. */
  subject: string;
  firing: boolean;
  severity: AlertSeverity;
  /** One sentence an operator can act on, e.g. "Queue monitor.info has 12,000 messages and no consumer". */
  message: string;
  /** The measured figure behind the rule, when there is one (depth, seconds, rate). */
  value?: number;
}

export interface AlertSink {
  report(signal: AlertSignal): void;
  /** The condition no longer exists (deployment deleted, capability disabled): close it quietly. */
  forget(deploymentId: number, rule: string, subject?: string): void;
}

/** For engines and tests that run a capability without an alert center. */
export const IGNORE_ALERTS: AlertSink = { report() {}, forget() {} };
