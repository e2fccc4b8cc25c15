import { describe, expect, it } from 'vitest';
import { formatAge } from './format-age.ts';

const now = Date.parse('2025-06-01T12:00:00Z');
const ago = (ms: number) => new Date(now - ms).toISOString();

describe('formatAge', () => {
  it('is short enough for a table cell', () => {
    expect(formatAge(ago(2_000), now)).toBe('just now');
    expect(formatAge(ago(42_000), now)).toBe('42s ago');
    expect(formatAge(ago(5 * 60_000), now)).toBe('5m ago');
    expect(formatAge(ago(3 * 3_600_000), now)).toBe('3h ago');
    expect(formatAge(ago(3 * 86_400_000), now)).toBe('3d ago');
  });

  it('treats a time slightly in the future (clock skew) as just now', () => {
    expect(formatAge(ago(-3_000), now)).toBe('just now');
  });
});
