import type { Migration } from '../../../kernel/store/migration.ts';

const LEVEL = (table: string) => `
    CREATE TABLE ${table} (
      uuid_key INTEGER NOT NULL,
      deployment_id INTEGER NOT NULL,
      id INTEGER NOT NULL,
      PRIMARY KEY (uuid_key, deployment_id, id)
    ) WITHOUT ROWID;`;

/**
 * Where each Celery task's row is, by the hash of its id, in three levels instead of one index
 * (store/key-levels.ts). A task id is random, so one big index took a write on a random page
 * for every new task, and each of those pages was written again at every commit: at a million
 * tasks that was most of the cost of ingest, and it grew with the table. New keys go to a small
 * level that stays in cache; they move down in key order, a slice at a time, so the big level's
 * pages are each rewritten once per merge instead of once per task.
 *
 * The levels lead with uuid_key so that a merge can take one key range at a time.
 */
export const celeryKeyLevels: Migration = {
  version: 8,
  name: 'celery task keys in levels merged in key order',
  up: `
    ${LEVEL('celery_task_keys_fresh')}
    ${LEVEL('celery_task_keys_recent')}
    ${LEVEL('celery_task_keys')}
    INSERT INTO celery_task_keys (uuid_key, deployment_id, id)
      SELECT uuid_key, deployment_id, id FROM celery_tasks ORDER BY uuid_key, deployment_id, id;
    DROP INDEX celery_tasks_by_key;

    -- SQLite pushes a WHERE on this view into each arm of the UNION ALL: three primary-key probes.
    CREATE VIEW celery_task_locations AS
      SELECT uuid_key, deployment_id, id FROM celery_task_keys_fresh
      UNION ALL SELECT uuid_key, deployment_id, id FROM celery_task_keys_recent
      UNION ALL SELECT uuid_key, deployment_id, id FROM celery_task_keys;

    CREATE TRIGGER celery_tasks_unkey AFTER DELETE ON celery_tasks BEGIN
      DELETE FROM celery_task_keys_fresh WHERE uuid_key = old.uuid_key AND deployment_id = old.deployment_id AND id = old.id;
      DELETE FROM celery_task_keys_recent WHERE uuid_key = old.uuid_key AND deployment_id = old.deployment_id AND id = old.id;
      DELETE FROM celery_task_keys WHERE uuid_key = old.uuid_key AND deployment_id = old.deployment_id AND id = old.id;
    END;
  `,
};
