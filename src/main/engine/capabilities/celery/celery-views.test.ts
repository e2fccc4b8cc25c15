import { describe, expect, it } from 'vitest';
import { createTaskRecord } from './events/task-record.ts';
import { taskView } from './celery-views.ts';

describe('taskView', () => {
  it('shows a task stored before timestamps were bounded (received 1e300) instead of throwing', () => {
    const task = { ...createTaskRecord('huge-ts', 1000), received: 1e300, sent: -1e12 };
    expect(taskView(task)).toMatchObject({ uuid: 'huge-ts', received: null, sent: '-029719-04-05T22:13:20.000Z', clockSkewSent: null });
  });

  it('names a skewed clock that is no date by its number', () => {
    expect(taskView({ ...createTaskRecord('u', 1000), clockSkew: 1e300 }).clockSkewSent).toBe('1e+300 s since 1970');
  });
});
