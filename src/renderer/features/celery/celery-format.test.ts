import { describe, expect, it } from 'vitest';
import { formatCountOf } from './celery-format.ts';

describe('formatCountOf', () => {
  it('says one task, and any other count in the plural with thousands separated', () => {
    expect(formatCountOf(1, 'task')).toBe('1 task');
    expect(formatCountOf(0, 'task')).toBe('0 tasks');
    expect(formatCountOf(2048, 'event')).toBe('2,048 events');
  });
});
