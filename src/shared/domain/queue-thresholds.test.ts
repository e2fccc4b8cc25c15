import { describe, expect, it } from 'vitest';
import { DEFAULT_BROKER_HEALTH_SETTINGS } from './settings.ts';
import { effectiveThresholds, withQueueOverride } from './queue-thresholds.ts';
import { readSettings } from './settings-merge.ts';

const base = DEFAULT_BROKER_HEALTH_SETTINGS;

describe('per-queue thresholds', () => {
  it("uses the deployment's thresholds for a queue without its own", () => {
    expect(effectiveThresholds(base, '%2F/monitor.info')).toEqual(base.thresholds);
  });

  it("replaces only the thresholds the queue sets; null turns a rule off for that queue alone", () => {
    const settings = { ...base, queueOverrides: [{ queue: '%2F/bulk', thresholds: { depth: 5_000_000, noConsumerDepth: null } }] };
    expect(effectiveThresholds(settings, '%2F/bulk')).toEqual({ ...base.thresholds, depth: 5_000_000, noConsumerDepth: null });
    expect(effectiveThresholds(settings, '%2F/other')).toEqual(base.thresholds);
  });

  it('ignores a malformed stored override instead of trusting it', () => {
    const settings = readSettings(JSON.stringify({ brokerHealth: { queueOverrides: [{ queue: '%2F/q', thresholds: { depth: 'lots', growthPerMinute: 7 } }, null] } })).brokerHealth;
    expect(effectiveThresholds(settings, '%2F/q')).toEqual({ ...base.thresholds, growthPerMinute: 7 });
  });

  it('replaces one queue in the list, and drops it when nothing of its own is left', () => {
    const settings = { ...base, queueOverrides: [{ queue: 'a', thresholds: { depth: 1 } }, { queue: 'b', thresholds: { depth: 2 } }] };
    expect(withQueueOverride(settings, 'a', { depth: 9 })).toEqual([{ queue: 'b', thresholds: { depth: 2 } }, { queue: 'a', thresholds: { depth: 9 } }]);
    expect(withQueueOverride(settings, 'a', {})).toEqual([{ queue: 'b', thresholds: { depth: 2 } }]);
  });
});
