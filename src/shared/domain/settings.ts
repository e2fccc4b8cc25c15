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

/** OpenStack notifications (StackTach): which queues to consume, and how long raw events are kept. */
export interface NotificationSettings {
  enabled: boolean;
  /** Topic exchanges the services publish to (Nova's control_exchange is `nova`). */
  exchanges: string[];
  /** Queues, each bound to every exchange with its own name as routing key, as oslo.messaging binds them. */
  queues: string[];
  /**
   * The cloud's `[oslo_messaging_rabbit] amqp_durable_queues`: a missing queue is created with the
   * producer's flags, or the services' own declarations fail with PRECONDITION_FAILED.
   */
  durableQueues: boolean;
  /** Raw events older or beyond this count are removed; timings and KPIs stay. */
  retention: { maxAgeHours: number; maxEvents: number };
}

export interface DeploymentSettings {
  celery: CelerySettings;
  notifications: NotificationSettings;
}

export const DEFAULT_CELERY_SETTINGS: CelerySettings = {
  enabled: false,
  readOnly: false,
  enableEventsInterval: 5,
  camera: { frequency: 2, maxAgeHours: 24 * 7, maxCount: 100_000 },
  purgeOfflineAfter: null,
  memory: { maxTasks: 10_000, maxWorkers: 5_000 },
};

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  enabled: false,
  exchanges: ['nova'],
  queues: ['monitor.info', 'monitor.error'],
  durableQueues: false,
  retention: { maxAgeHours: 24 * 7, maxEvents: 5_000_000 },
};

export const DEFAULT_SETTINGS: DeploymentSettings = { celery: DEFAULT_CELERY_SETTINGS, notifications: DEFAULT_NOTIFICATION_SETTINGS };
