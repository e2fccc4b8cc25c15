import type { QueueStat } from '../../../../shared/domain/broker.ts';
import type { QueueThresholds } from '../../../../shared/domain/settings.ts';
import type { AlertSignal } from '../../kernel/alerts/alert-signal.ts';

export const QUEUE_RULES = ['queue.depth', 'queue.growth', 'queue.no_consumer', 'queue.unacked_age', 'queue.event_ttl'] as const;
/** Polling itself failing: the operator is blind, which is worth an alert of its own. */
export const POLL_RULE = 'broker.poll_failed';

export type QueueSignal = Omit<AlertSignal, 'deploymentId'>;

const n = (value: number) => Math.round(value).toLocaleString('en-US');
const plural = (count: number, word: string) => `${n(count)} ${word}${Math.round(count) === 1 ? '' : 's'}`;

/** As the management API writes a queue in its URLs: the vhost percent-encoded ("%2F" for "/"), a slash, the name. */
export const subjectOf = (queue: { vhost: string; name: string }) => `${encodeURIComponent(queue.vhost)}/${queue.name}`;

/**
 * Every rule's current truth for one queue (level-triggered: firing or not at every poll).
 * `unackedFor` is how long, in seconds, messages have stayed unacknowledged without any ack.
 */
export function evaluateQueue(queue: QueueStat, t: QueueThresholds, unackedFor: number | null): QueueSignal[] {
  const subject = subjectOf(queue);
  const label = queue.vhost === '/' ? queue.name : `${queue.name} (vhost ${queue.vhost})`;
  const signals: QueueSignal[] = [];
  const signal = (rule: string, firing: boolean, severity: QueueSignal['severity'], message: string, value: number | undefined) =>
    signals.push({ rule, subject, firing, severity, message, ...(value === undefined ? {} : { value }) });

  const noConsumer = queue.consumers === 0 && t.noConsumerDepth !== null && queue.messages >= t.noConsumerDepth;
  const growing = queue.growthPerMinute !== null && queue.growthPerMinute > 0;
  signal(
    'queue.no_consumer',
    noConsumer,
    growing ? 'critical' : 'warning',
    `Queue ${label} has ${plural(queue.messages, 'message')} and no consumer${growing ? `, and grows by ${n(queue.growthPerMinute ?? 0)} a minute` : ''}.`,
    queue.messages,
  );

  signal('queue.depth', t.depth !== null && queue.messages >= t.depth, 'warning', `Queue ${label} holds ${plural(queue.messages, 'message')} (threshold ${n(t.depth ?? 0)}).`, queue.messages);

  const growth = queue.growthPerMinute;
  signal(
    'queue.growth',
    t.growthPerMinute !== null && growth !== null && growth >= t.growthPerMinute,
    'warning',
    `Queue ${label} grows by ${n(growth ?? 0)} messages a minute (threshold ${n(t.growthPerMinute ?? 0)}); it now holds ${n(queue.messages)}.`,
    growth ?? undefined,
  );

  signal(
    'queue.unacked_age',
    t.unackedAgeSeconds !== null && unackedFor !== null && unackedFor >= t.unackedAgeSeconds,
    'warning',
    `Queue ${label} has ${plural(queue.messagesUnacknowledged ?? 0, 'unacknowledged message')} and no ack for ${n(unackedFor ?? 0)} s: a consumer may be stuck.`,
    unackedFor ?? undefined,
  );

  if (queue.name.startsWith('celeryev.')) {
    const event = eventBacklog(queue);
    signal(
      'queue.event_ttl',
      t.eventTtlRatio !== null && event !== null && event.ratio >= t.eventTtlRatio,
      'critical',
      event === null
        ? `Event queue ${label} keeps up with its message TTL.`
        : event.backlogSeconds === Infinity
          ? `Event queue ${label} holds ${plural(event.ready, 'event')} that nothing consumes: they expire after ${event.ttlSeconds} s and are lost silently.`
          : `Event queue ${label} is ${event.backlogSeconds.toFixed(1)} s behind against its ${event.ttlSeconds} s message TTL: events are about to be lost silently.`,
      event === null ? undefined : Number.isFinite(event.backlogSeconds) ? event.backlogSeconds : event.ttlSeconds,
    );
  }
  return signals;
}

/**
 * How far behind a celeryev queue is: the newest event waits ready / deliver-rate seconds. At
 * the queue's x-message-ttl (Celery sets 5 s) RabbitMQ drops events without a word.
 */
function eventBacklog(queue: QueueStat): { ready: number; backlogSeconds: number; ttlSeconds: number; ratio: number } | null {
  const ready = queue.messagesReady ?? queue.messages;
  if (queue.messageTtlMs === null || queue.messageTtlMs <= 0 || ready === 0) return null;
  const ttlSeconds = queue.messageTtlMs / 1000;
  const rate = queue.deliverRate ?? 0;
  const backlogSeconds = rate > 0 ? ready / rate : Infinity;
  return { ready, backlogSeconds, ttlSeconds, ratio: backlogSeconds / ttlSeconds };
}
