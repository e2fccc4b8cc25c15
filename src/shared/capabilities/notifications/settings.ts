import { z } from 'zod';

// OpenStack notifications: its settings section (complete, as read), its defaults, and the partial
// patch create/update accept.

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

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  enabled: false,
  exchanges: ['nova'],
  queues: ['monitor.info', 'monitor.error'],
  durableQueues: false,
  retention: { maxAgeHours: 24 * 7, maxEvents: 5_000_000 },
};

const amqpName = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, 'must not be empty')
  .max(255, 'must be at most 255 characters')
  .regex(/^[\w.:-]+$/, 'must be an exchange or queue name (letters, digits, . _ - :)');

const names = (what: string) =>
  z
    .array(amqpName, { error: `must be a list of ${what} names` })
    .min(1, `must name at least one ${what}`)
    .max(20, `must name at most 20 ${what}s`)
    .transform((list) => [...new Set(list)]);

/** A partial patch: what is given replaces, the rest is kept. */
export const notificationSettingsInput = z.strictObject({
  enabled: z.boolean({ error: 'must be true or false' }).optional(),
  exchanges: names('exchange').optional(),
  queues: names('queue').optional(),
  durableQueues: z.boolean({ error: 'must be true or false' }).optional(),
  retention: z
    .strictObject({
      maxAgeHours: z.number({ error: 'must be a number of hours' }).min(1, 'must be at least 1').max(24 * 3660, 'must be at most 87840').optional(),
      maxEvents: z.number({ error: 'must be a number' }).int('must be a whole number').min(1000, 'must be at least 1000').max(1_000_000_000, 'must be at most 1000000000').optional(),
    })
    .optional(),
});

export type NotificationSettingsInput = z.infer<typeof notificationSettingsInput>;
