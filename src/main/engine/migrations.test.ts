import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations.ts';

describe('MIGRATIONS', () => {
  it('numbers its steps 1, 2, 3… with no gap and no repeat, so no database skips one', () => {
    expect(MIGRATIONS.map((step) => step.version)).toEqual(MIGRATIONS.map((_, index) => index + 1));
  });
});
