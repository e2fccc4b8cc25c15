import type { Migration } from '../store/migration.ts';

/**
 * Each capability (Celery monitoring, notifications, job boards, …) keeps its per-deployment
 * settings in its own section of one JSON document, validated by the contract's schemas on the
 * way in; a new capability adds a section without a schema change.
 */
export const deploymentSettings: Migration = {
  version: 2,
  name: 'deployment settings',
  up: `ALTER TABLE deployments ADD COLUMN settings TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings));`,
};
