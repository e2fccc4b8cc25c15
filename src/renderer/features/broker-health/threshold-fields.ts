import type { QueueThresholds } from '../../../shared/domain/settings.ts';

/** The alert thresholds as the settings forms show them (deployment-wide and per queue). */
export const THRESHOLDS: { key: keyof QueueThresholds; label: string; hint: string }[] = [
  { key: 'noConsumerDepth', label: 'No consumer, at least (messages)', hint: 'A queue holding this many messages with no consumer: the notification queue nobody reads.' },
  { key: 'depth', label: 'Depth (messages)', hint: 'Any queue holding this many messages.' },
  { key: 'growthPerMinute', label: 'Growth (messages per minute)', hint: 'Measured over the last minute of polls.' },
  { key: 'unackedAgeSeconds', label: 'Unacked age (seconds)', hint: 'Messages unacknowledged this long with no ack at all: a stuck consumer.' },
  { key: 'eventTtlRatio', label: 'Event backlog, share of TTL (0–1)', hint: 'A celeryev.* queue this far behind its message TTL is about to lose events.' },
];
