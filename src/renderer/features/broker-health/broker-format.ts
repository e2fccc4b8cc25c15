import { formatBytes, formatCount } from '../celery/celery-format.ts';

export { formatCount };

export const formatMaybeBytes = (value: number | null): string => (value === null ? '—' : formatBytes(value));

/** A rate per second: one decimal below 10, whole numbers above; '—' when the source has none. */
export const formatRate = (value: number | null): string => (value === null ? '—' : value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString('en-US'));

/** Growth per minute with its sign, so a shrinking queue reads as good news. */
export function formatGrowth(value: number | null): string {
  if (value === null) return '—';
  const rounded = Math.round(value);
  if (rounded === 0) return '0';
  return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded).toLocaleString('en-US')}`;
}

export const RULE_LABELS: Record<string, string> = {
  'queue.no_consumer': 'No consumer',
  'queue.depth': 'Depth',
  'queue.growth': 'Growth',
  'queue.unacked_age': 'Unacked age',
  'queue.event_ttl': 'Event TTL',
  'broker.poll_failed': 'Polling fails',
};
