import type { BrokerHealthSettings, QueueThresholds } from './settings.ts';

const KEYS: readonly (keyof QueueThresholds)[] = ['depth', 'growthPerMinute', 'noConsumerDepth', 'unackedAgeSeconds', 'eventTtlRatio'];

/**
 * The thresholds that apply to one queue: the deployment's, each replaced by the queue's own
 * where it has one (null: the rule is off for that queue). Settings read from the store are not
 * revalidated, so an override that is not a number or null is ignored rather than trusted.
 */
export function effectiveThresholds(settings: BrokerHealthSettings, subject: string): QueueThresholds {
  const override = settings.queueOverrides.find((o) => o?.queue === subject)?.thresholds;
  if (!override || typeof override !== 'object') return settings.thresholds;
  const effective = { ...settings.thresholds };
  for (const key of KEYS) {
    const value: unknown = override[key];
    if (value === null || (typeof value === 'number' && Number.isFinite(value))) effective[key] = value;
  }
  return effective;
}

/** The list with `subject`'s overrides replaced (or removed, when it has none left). */
export function withQueueOverride(settings: BrokerHealthSettings, subject: string, thresholds: Partial<QueueThresholds>): BrokerHealthSettings['queueOverrides'] {
  const others = settings.queueOverrides.filter((o) => o.queue !== subject);
  return Object.keys(thresholds).length === 0 ? others : [...others, { queue: subject, thresholds }];
}
