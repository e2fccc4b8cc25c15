import type { DeploymentCreateInput, DeploymentUpdateInput } from '../../../../shared/contract/schemas.ts';
import type { JobboardsSettings } from '../../../../shared/domain/settings.ts';

/**
 * The job boards settings patch of a create or update: thresholds from "jobboards", the boards
 * and the discovery root from "zookeeper" (where scripts give them, beside the hosts they live on).
 * A list given replaces the stored one; duplicates are dropped.
 */
export function jobboardsPatch(input: DeploymentCreateInput | DeploymentUpdateInput): Partial<JobboardsSettings> {
  const patch: Partial<JobboardsSettings> = { ...input.jobboards };
  if (input.zookeeper?.jobboards !== undefined) patch.paths = [...new Set(input.zookeeper.jobboards)];
  if (input.zookeeper?.discover !== undefined) patch.discover = input.zookeeper.discover;
  return patch;
}
