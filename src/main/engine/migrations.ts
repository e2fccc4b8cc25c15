import { tenantsAndDeployments } from './kernel/migrations/001-tenants-and-deployments.ts';
import { deploymentSettings } from './kernel/migrations/002-deployment-settings.ts';
import type { Migration } from './kernel/store/migration.ts';
import { CAPABILITIES } from './registry.ts';

/**
 * Every store step, the kernel's and each capability's, in one order by version: the numbers are
 * global (a store's user_version is one number), so a new step takes the next free one, whichever
 * capability it belongs to. Never edit a released step; add the next one.
 */
export const MIGRATIONS: readonly Migration[] = [tenantsAndDeployments, deploymentSettings, ...Object.values(CAPABILITIES).flatMap((capability) => capability.migrations)].sort(
  (a, b) => a.version - b.version,
);
