import { describe, expect, it } from 'vitest';
import type { QueueStat } from '../../../shared/domain/broker.ts';
import { parseBrokerView, queueOfSubject } from './broker-paths.ts';
import { DEFAULT_QUEUE_LIST, parseQueueList, queueList, queueListSearch } from './queue-list.ts';

const q = (name: string, over: Partial<QueueStat> = {}): QueueStat => ({
  name,
  vhost: '/',
  messages: 0,
  messagesReady: 0,
  messagesUnacknowledged: 0,
  consumers: 1,
  memory: 1000,
  consumerUtilisation: null,
  publishRate: null,
  deliverRate: null,
  ackRate: null,
  growthPerMinute: null,
  idleSince: null,
  messageTtlMs: null,
  ...over,
});

describe('queue list', () => {
  const queues = [
    q('celery', { messages: 5, growthPerMinute: 0 }),
    q('notifications.info', { messages: 500, growthPerMinute: 10 }),
    q('notifications.error', { messages: 500, growthPerMinute: 90, vhost: 'nova' }),
    q('passive.one', { messages: 1, memory: null }),
  ];

  it('puts the deepest first and, among equals, the fastest growing', () => {
    expect(queueList(queues, DEFAULT_QUEUE_LIST).map((x) => x.name)).toEqual(['notifications.error', 'notifications.info', 'celery', 'passive.one']);
  });

  it('filters by vhost and by a case-insensitive part of the name', () => {
    expect(queueList(queues, { ...DEFAULT_QUEUE_LIST, vhost: 'nova' }).map((x) => x.name)).toEqual(['notifications.error']);
    expect(queueList(queues, { ...DEFAULT_QUEUE_LIST, search: 'NOTIF' }).map((x) => x.name)).toEqual(['notifications.error', 'notifications.info']);
  });

  it('sorts by any column either way, with unknown figures last both ways', () => {
    expect(queueList(queues, { ...DEFAULT_QUEUE_LIST, sort: 'memory', descending: false }).at(-1)?.name).toBe('passive.one');
    expect(queueList(queues, { ...DEFAULT_QUEUE_LIST, sort: 'memory', descending: true }).at(-1)?.name).toBe('passive.one');
    expect(queueList(queues, { ...DEFAULT_QUEUE_LIST, sort: 'name', descending: false }).map((x) => x.name)[0]).toBe('celery');
  });

  it('round-trips its options through the URL, leaving the defaults out', () => {
    expect(queueListSearch(DEFAULT_QUEUE_LIST)).toBe('');
    const options = { vhost: 'nova', search: 'info', sort: 'consumers' as const, descending: false };
    expect(parseQueueList(queueListSearch(options))).toEqual(options);
    expect(parseQueueList('sort=bogus').sort).toBe('messages');
  });
});

describe('broker paths', () => {
  it('reads views from the path, a queue with its vhost and name percent-encoded', () => {
    expect(parseBrokerView(undefined)).toEqual({ kind: 'queues' });
    expect(parseBrokerView('alerts')).toEqual({ kind: 'alerts' });
    expect(parseBrokerView('q/%2F/notifications.info')).toEqual({ kind: 'queue', vhost: '/', name: 'notifications.info' });
    expect(parseBrokerView('q/%E0%A4%A/x')).toEqual({ kind: 'unknown' });
  });

  it("reads an alert's subject back as its queue", () => {
    expect(queueOfSubject('%2F/a/b')).toEqual({ vhost: '/', name: 'a/b' });
    expect(queueOfSubject('management-api')).toBeNull();
  });
});
