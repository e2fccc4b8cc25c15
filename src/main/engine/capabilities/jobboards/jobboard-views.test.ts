import { describe, expect, it } from 'vitest';
import { pythonIsoformat } from './jobboard-views.ts';

describe("Canary's _created_on", () => {
  it('is Python isoformat of a naive UTC time, as in Canary\'s README', () => {
    expect(pythonIsoformat('2015-03-27T10:28:07.951Z')).toBe('2015-03-27T10:28:07.951000');
    expect(pythonIsoformat('2015-03-27T10:28:07.000Z')).toBe('2015-03-27T10:28:07');
    expect(pythonIsoformat('yesterday')).toBe('yesterday');
    expect(pythonIsoformat(null)).toBeNull();
  });
});
