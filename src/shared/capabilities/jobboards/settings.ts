import { z } from 'zod';
import { seconds } from '../../contract/primitives.ts';

// TaskFlow job boards: its settings section (complete, as read), its defaults, and the partial patch create/update accept.

/** TaskFlow job boards in the deployment's ZooKeeper (see jobboards/ in the engine). */
export interface JobboardsSettings {
  /** Board paths watched whether or not discovery finds them, e.g. /taskflow/jobs/x. */
  paths: string[];
  /** Every board under this root is watched too; null turns discovery off. */
  discover: string | null;
  /** An unclaimed job older than this raises the 'jobboard.waiting' alert. */
  waitingAlertSeconds: number;
  /** Seconds between samples of the counts per state (the chart, Canary's window). */
  sampleSeconds: number;
  /** Canary's `interval`: GET /v1.0/jobs answers the board over the last this many seconds. */
  canaryIntervalSeconds: number;
  /** Off (the default): Tach only reads. On: trash and release abandoned claims, with confirmation. */
  allowActions: boolean;
}

export const DEFAULT_JOBBOARDS_SETTINGS: JobboardsSettings = {
  paths: [],
  discover: '/taskflow',
  waitingAlertSeconds: 300,
  sampleSeconds: 10,
  canaryIntervalSeconds: 120,
  allowActions: false,
};

/** A partial patch of the job boards section (paths and discovery come with "zookeeper"). */
export const jobboardsSettingsInput = z.strictObject({
  waitingAlertSeconds: seconds(1, 30 * 24 * 3600).optional(),
  sampleSeconds: seconds(1, 3600).optional(),
  canaryIntervalSeconds: seconds(1, 24 * 3600).optional(),
  allowActions: z.boolean({ error: 'must be true or false' }).optional(),
});
