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
  /**
   * Tach's event queue a quorum queue (stored on disk whatever the delivery mode), so events
   * waiting for Tach survive a broker restart. Off: a classic durable queue, whose waiting events
   * (Celery sends them transient, delivery_mode 1) a broker restart loses. Opt in: a quorum queue
   * writes every event to disk, which costs the broker (README, bench `celery-quorum`).
   */
  durableQueue: boolean;
  /** The quorum queue holds at most this many events; the oldest are dropped first. */
  queueMaxLength: number;
  /** Events older than this (seconds) are dropped from the quorum queue. */
  queueTtlSeconds: number;
}

/** Thresholds of the queue alert rules; null turns a rule off. */
export interface QueueThresholds {
  /** Messages in a queue. */
  depth: number | null;
  /** Messages per minute a queue grows by, over the last minute. */
  growthPerMinute: number | null;
  /** A queue with no consumer holding at least this many messages (StackTach's failure). */
  noConsumerDepth: number | null;
  /** Seconds messages stay unacknowledged with no ack at all. */
  unackedAgeSeconds: number | null;
  /** A celeryev.* queue whose backlog (ready / deliver rate) reaches this share of its TTL, 0..1. */
  eventTtlRatio: number | null;
}

export interface BrokerHealthSettings {
  /** Poll the management API (or passive-declare the named queues) of this deployment's broker. */
  enabled: boolean;
  /** Seconds between polls. */
  pollInterval: number;
  /** Queues to passive-declare when there is no management API, as `vhost/name` or `name` (default vhost). */
  queues: string[];
  thresholds: QueueThresholds;
  /**
   * One queue's own thresholds, where the deployment's do not fit it (a queue that is always deep,
   * say). `queue` is the alert subject, `vhost/name` with the vhost percent-encoded ("%2F/q").
   * A threshold given here (null: that rule is off for the queue) replaces the deployment's.
   */
  queueOverrides: QueueThresholdOverride[];
}

export interface QueueThresholdOverride {
  queue: string;
  thresholds: Partial<QueueThresholds>;
}

export interface AlertSettings {
  /** Seconds a condition must hold before its alert opens: a blip is not an alert. */
  graceSeconds: number;
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
  brokerHealth: BrokerHealthSettings;
  alerts: AlertSettings;
  notifications: NotificationSettings;
  jobboards: JobboardsSettings;
}

export const DEFAULT_CELERY_SETTINGS: CelerySettings = {
  enabled: false,
  readOnly: false,
  enableEventsInterval: 5,
  camera: { frequency: 2, maxAgeHours: 24 * 7, maxCount: 100_000 },
  purgeOfflineAfter: null,
  memory: { maxTasks: 10_000, maxWorkers: 5_000 },
  durableQueue: false,
  queueMaxLength: 1_000_000,
  queueTtlSeconds: 3600,
};

// The defaults catch StackTach's failure: a notification queue growing with no one consuming it.
export const DEFAULT_BROKER_HEALTH_SETTINGS: BrokerHealthSettings = {
  enabled: true,
  pollInterval: 10,
  queues: [],
  queueOverrides: [],
  thresholds: { depth: 10_000, growthPerMinute: 600, noConsumerDepth: 100, unackedAgeSeconds: 600, eventTtlRatio: 0.5 },
};

export const DEFAULT_ALERT_SETTINGS: AlertSettings = { graceSeconds: 60 };

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  enabled: false,
  exchanges: ['nova'],
  queues: ['monitor.info', 'monitor.error'],
  durableQueues: false,
  retention: { maxAgeHours: 24 * 7, maxEvents: 5_000_000 },
};

export const DEFAULT_JOBBOARDS_SETTINGS: JobboardsSettings = {
  paths: [],
  discover: '/taskflow',
  waitingAlertSeconds: 300,
  sampleSeconds: 10,
  canaryIntervalSeconds: 120,
  allowActions: false,
};

export const DEFAULT_SETTINGS: DeploymentSettings = {
  celery: DEFAULT_CELERY_SETTINGS,
  brokerHealth: DEFAULT_BROKER_HEALTH_SETTINGS,
  alerts: DEFAULT_ALERT_SETTINGS,
  notifications: DEFAULT_NOTIFICATION_SETTINGS,
  jobboards: DEFAULT_JOBBOARDS_SETTINGS,
};
