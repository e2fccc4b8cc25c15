import { describe, expect, it } from 'vitest';
import type { QueueStat } from '../../../../shared/domain/broker.ts';
import { DEFAULT_BROKER_HEALTH_SETTINGS } from '../../../../shared/domain/settings.ts';
import { QueueMemory } from './growth-tracker.ts';
import { evaluateQueue } from './queue-rules.ts';

const queue = (over: Partial<QueueStat>): QueueStat => ({
  name: 'notifications.info',
  vhost: '/',
  messages: 0,
  messagesReady: 0,
  messagesUnacknowledged: 0,
  consumers: 1,
  memory: null,
  consumerUtilisation: null,
  publishRate: null,
  deliverRate: null,
  ackRate: null,
  growthPerMinute: null,
  idleSince: null,
  messageTtlMs: null,
  ...over,
});
const t = DEFAULT_BROKER_HEALTH_SETTINGS.thresholds;
const firing = (q: QueueStat, unackedFor: number | null = null) =>
  Object.fromEntries(evaluateQueue(q, t, unackedFor).map((s) => [s.rule, s.firing]));

describe('queue rules', () => {
  it("with the defaults, catch StackTach's failure: a notification queue growing with no consumer", () => {
    const signals = evaluateQueue(queue({ messages: 5000, consumers: 0, growthPerMinute: 900 }), t, null);
    const noConsumer = signals.find((s) => s.rule === 'queue.no_consumer');
    expect(noConsumer).toMatchObject({ firing: true, severity: 'critical', subject: '%2F/notifications.info', value: 5000 });
    expect(noConsumer?.message).toBe('Queue notifications.info has 5,000 messages and no consumer, and grows by 900 a minute.');
    expect(signals.find((s) => s.rule === 'queue.growth')?.firing).toBe(true);
  });

  it('report every rule as not firing for a healthy queue (level-triggered)', () => {
    expect(firing(queue({ messages: 10, consumers: 2, growthPerMinute: 0 }))).toEqual({
      'queue.no_consumer': false,
      'queue.depth': false,
      'queue.growth': false,
      'queue.unacked_age': false,
    });
  });

  it('fire on depth and on unacknowledged messages left without acks', () => {
    expect(firing(queue({ messages: 20_000 }))['queue.depth']).toBe(true);
    expect(firing(queue({ messagesUnacknowledged: 3 }), 599)['queue.unacked_age']).toBe(false);
    expect(firing(queue({ messagesUnacknowledged: 3 }), 600)['queue.unacked_age']).toBe(true);
  });

  it('say when a celeryev queue is behind by a large share of its TTL, or not consumed at all', () => {
    const ev = { name: 'celeryev.1f0c', messageTtlMs: 5000 };
    const behind = evaluateQueue(queue({ ...ev, messages: 4000, messagesReady: 4000, deliverRate: 1000 }), t, null).find((s) => s.rule === 'queue.event_ttl');
    expect(behind).toMatchObject({ firing: true, severity: 'critical', value: 4 });
    expect(behind?.message).toContain('4.0 s behind against its 5 s message TTL');
    expect(firing(queue({ ...ev, messages: 100, messagesReady: 100, deliverRate: 1000 }))['queue.event_ttl']).toBe(false);
    const stalled = evaluateQueue(queue({ ...ev, messages: 10, messagesReady: 10, consumers: 0, deliverRate: 0 }), t, null).find((s) => s.rule === 'queue.event_ttl');
    expect(stalled?.message).toContain('nothing consumes: they expire after 5 s and are lost silently');
  });
});

describe('QueueMemory', () => {
  it('measures growth per minute over up to the last minute of polls', () => {
    const memory = new QueueMemory();
    expect(memory.growth('q', 0, 0)).toBeNull();
    expect(memory.growth('q', 10_000, 100)).toBe(600);
    for (let at = 20_000; at <= 120_000; at += 10_000) memory.growth('q', at, 100);
    expect(memory.growth('q', 130_000, 100)).toBe(0);
  });

  it('counts how long messages stay unacknowledged with no ack, and starts over on an ack', () => {
    const memory = new QueueMemory();
    expect(memory.unackedFor('q', 0, 5, 0)).toBe(0);
    expect(memory.unackedFor('q', 30_000, 5, 0)).toBe(30);
    expect(memory.unackedFor('q', 40_000, 5, 1.5)).toBeNull();
    expect(memory.unackedFor('q', 50_000, 5, 0)).toBe(0);
  });
});
