import type { Migration } from '../../../kernel/store/migration.ts';

/**
 * What the Celery decoder did not believe, kept beside what it stored instead (celery/events/
 * event-limits.ts): a sender timestamp outside the plausible window (the row then holds our
 * receipt time), a heartbeat interval out of range (Celery's default is used), and the original
 * sizes of fields cut to the limits. Null everywhere means "believed as sent", which is what
 * every row stored before this step was.
 */
export const celeryHostileValues: Migration = {
  version: 12,
  name: 'Celery: clock skew, ignored heartbeat interval and truncated-from sizes',
  up: `
    -- The sender's timestamp (epoch seconds) of the latest event whose clock was not believed.
    ALTER TABLE celery_tasks ADD COLUMN clock_skew REAL;
    -- JSON object: field name -> UTF-8 bytes the field arrived with, for fields cut to size.
    ALTER TABLE celery_tasks ADD COLUMN truncated TEXT CHECK (truncated IS NULL OR json_valid(truncated));
    -- The freq (s) a worker sent when it was outside 0.1..3600; freq then holds Celery's 2.
    ALTER TABLE celery_workers ADD COLUMN freq_ignored REAL;
  `,
};
