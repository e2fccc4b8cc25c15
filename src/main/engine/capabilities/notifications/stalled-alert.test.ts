import { describe, expect, it } from 'vitest';
import type { AlertSignal, AlertSink } from '../../kernel/alerts/alert-signal.ts';
import type { AmqpSessionStatus } from '../../kernel/amqp/amqp-session.ts';
import { DEFAULT_NOTIFICATION_SETTINGS } from '../../../../shared/domain/settings.ts';
import { consumerHealth } from './consumer-health.ts';
import { STALLED_RULE, StalledWatch } from './stalled-alert.ts';

const session = (over: Partial<AmqpSessionStatus>): AmqpSessionStatus => ({
  name: 's',
  state: 'open',
  detail: 'Connected to RabbitMQ 3.10.8 at 127.0.0.1:5672, vhost /.',
  since: '',
  lastError: null,
  attempt: 1,
  blocked: null,
  server: 'RabbitMQ 3.10.8',
  setups: ['monitor.info', 'monitor.error'].map((q) => ({ name: `notifications ${q}`, state: 'ready' as const, ok: true, detail: 'Ready.', failures: 0, since: '' })),
  ...over,
});

const health = (status: AmqpSessionStatus, storeError: string | null = null) =>
  consumerHealth({ session: status, settings: DEFAULT_NOTIFICATION_SETTINGS, storeError, queue: () => ({ origin: 'adopted', durable: false, messages: 0 }) });

describe('notification consumer health', () => {
  it('is consuming only when every queue has its consumer', () => {
    expect(health(session({})).health).toBe('consuming');
    expect(health(session({})).queues.map((q) => [q.queue, q.origin, q.durable])).toEqual([
      ['monitor.info', 'adopted', false],
      ['monitor.error', 'adopted', false],
    ]);
    const failed = session({ setups: [{ name: 'notifications monitor.info', state: 'failed', ok: false, detail: '406 PRECONDITION_FAILED; retrying in 4 s.', failures: 3, since: '' }] });
    expect(health(failed)).toMatchObject({ health: 'failing', detail: 'Queue monitor.info: 406 PRECONDITION_FAILED; retrying in 4 s.' });
  });

  it('says reconnecting while the connection is retried, failing after several attempts or when the store refuses', () => {
    expect(health(session({ state: 'reconnecting', attempt: 2, detail: 'Connection refused; retrying in 1 s.' })).health).toBe('reconnecting');
    expect(health(session({ state: 'reconnecting', attempt: 9 })).health).toBe('failing');
    expect(health(session({}), 'Could not write to the store: disk full.')).toMatchObject({ health: 'failing', detail: 'Could not write to the store: disk full.' });
  });
});

describe('notifications.stalled', () => {
  it('fires while not consuming, with how long, and clears and forgets', () => {
    const signals: AlertSignal[] = [];
    const forgotten: string[] = [];
    const sink: AlertSink = { report: (s) => signals.push(s), forget: (_d, rule) => forgotten.push(rule) };
    const watch = new StalledWatch(7, sink);
    watch.evaluate('reconnecting', 'Connection refused.', 1_000);
    watch.evaluate('failing', 'Connection refused.', 31_000);
    watch.evaluate('consuming', 'ok', 40_000);
    expect(signals.map((s) => [s.rule, s.deploymentId, s.firing, s.severity, s.value])).toEqual([
      [STALLED_RULE, 7, true, 'warning', 0],
      [STALLED_RULE, 7, true, 'critical', 30],
      [STALLED_RULE, 7, false, 'warning', 0],
    ]);
    expect(signals[1]!.message).toContain('not been consuming for 30 s: Connection refused.');
    watch.forget();
    expect(forgotten).toEqual([STALLED_RULE]);
  });
});
