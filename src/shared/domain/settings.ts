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

export interface DeploymentSettings {
  celery: CelerySettings;
}

export const DEFAULT_CELERY_SETTINGS: CelerySettings = {
  enabled: false,
  readOnly: false,
  enableEventsInterval: 5,
  camera: { frequency: 2, maxAgeHours: 24 * 7, maxCount: 100_000 },
  purgeOfflineAfter: null,
  memory: { maxTasks: 10_000, maxWorkers: 5_000 },
};

export const DEFAULT_SETTINGS: DeploymentSettings = { celery: DEFAULT_CELERY_SETTINGS };
