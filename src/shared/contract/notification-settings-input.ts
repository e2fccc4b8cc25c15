import { z } from 'zod';

// The notifications section of a deployment's settings, as create/patch accept it. Its own file:
// schemas.ts imports it, and it imports nothing of the contract.

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
