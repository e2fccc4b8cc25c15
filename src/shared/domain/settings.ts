// Per-deployment settings of each capability, always complete (defaults filled in) when read.

export interface CelerySettings {
  /** Consume the deployment broker's `celeryev` event stream. */
  enabled: boolean;
  /** Refuse every control command (inspection stays allowed). */
  readOnly: boolean;
  /**
   * Seconds between `enable_events` broadcasts, as `celery events` and Flower do, so workers
   * started without -E still report task events; null never sends it.
   */
  enableEventsInterval: number | null;
  camera: {
    /** Seconds between snapshots (like `celery events --camera … --frequency`). */
    frequency: number;
    /** Snapshots older than this are removed. */
    maxAgeHours: number;
    /** At most this many snapshots are kept per deployment. */
    maxCount: number;
  };
  /** Offline workers disappear from the view after this many seconds; null keeps them. */
  purgeOfflineAfter: number | null;
  /** Live state kept in memory; everything else is in the store. */
  memory: { maxTasks: number; maxWorkers: number };
}

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

export interface DeploymentSettings {
  celery: CelerySettings;
  jobboards: JobboardsSettings;
}

export const DEFAULT_CELERY_SETTINGS: CelerySettings = {
  enabled: false,
  readOnly: false,
  enableEventsInterval: 5,
  camera: { frequency: 2, maxAgeHours: 24 * 7, maxCount: 100_000 },
  purgeOfflineAfter: null,
  memory: { maxTasks: 10_000, maxWorkers: 5_000 },
};

export const DEFAULT_JOBBOARDS_SETTINGS: JobboardsSettings = {
  paths: [],
  discover: '/taskflow',
  waitingAlertSeconds: 300,
  sampleSeconds: 10,
  canaryIntervalSeconds: 120,
  allowActions: false,
};

export const DEFAULT_SETTINGS: DeploymentSettings = { celery: DEFAULT_CELERY_SETTINGS, jobboards: DEFAULT_JOBBOARDS_SETTINGS };
