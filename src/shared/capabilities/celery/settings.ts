import { z } from 'zod';
import { count, seconds } from '../../contract/primitives.ts';

// Celery monitoring: its settings section (complete, as read), its defaults, and the partial patch create/update accept.

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

/** A partial patch of the Celery section: what is given replaces, the rest is kept. */
export const celerySettingsInput = z.strictObject({
  enabled: z.boolean({ error: 'must be true or false' }).optional(),
  readOnly: z.boolean({ error: 'must be true or false' }).optional(),
  enableEventsInterval: seconds(1, 3600).nullable().optional(),
  camera: z
    .strictObject({
      frequency: seconds(0.5, 3600).optional(),
      maxAgeHours: seconds(1, 24 * 366).optional(),
      maxCount: count(1, 10_000_000).optional(),
    })
    .optional(),
  purgeOfflineAfter: seconds(10, 30 * 24 * 3600).nullable().optional(),
  memory: z
    .strictObject({
      maxTasks: count(100, 5_000_000).optional(),
      maxWorkers: count(10, 100_000).optional(),
    })
    .optional(),
  durableQueue: z.boolean({ error: 'must be true or false' }).optional(),
  queueMaxLength: count(1_000, 100_000_000).optional(),
  queueTtlSeconds: count(60, 7 * 24 * 3600).optional(),
});
