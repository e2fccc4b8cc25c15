import { constants } from 'node:os';
import { z } from 'zod';

// Argument schemas for Celery's remote-control commands, named as celery/worker/control.py
// names its keyword arguments (the worker calls handler(state, **arguments), so a wrong name
// is a TypeError on the worker). Strict: an unknown field is refused here, not there.
// Messages complete the sentence '"<field>" ...'.

const text = (what: string) => z.string({ error: `must be ${what}` }).trim().min(1, `must not be empty (${what})`);
const flag = z.boolean({ error: 'must be true or false' });
const seconds = z.number({ error: 'must be a number of seconds' }).nonnegative('must not be negative');
const count = (minimum: number) =>
  z.number({ error: 'must be a whole number' }).int('must be a whole number').min(minimum, `must be at least ${minimum}`);

/** AMQP names are short strings: at most 255 bytes. */
const queueName = text('a queue name').refine((name) => Buffer.byteLength(name) <= 255, 'must be at most 255 bytes long');
const taskName = text('a task name such as tach.add');
const taskId = text('a task id');
/** One id or several; Celery's maybe_list() takes both. Normalized to a list. */
const taskIds = z
  .union([taskId, z.array(taskId, { error: 'must be a task id or a list of task ids' }).min(1, 'must list at least one task id')], {
    error: 'must be a task id or a list of task ids',
  })
  .transform((ids) => (typeof ids === 'string' ? [ids] : ids));

/** Celery's rate(): "<number>[/s|/m|/h]", per second when the unit is left out. */
const RATE = /^\d+(\.\d+)?(\/[smh])?$/;
const rate = z
  .string({ error: 'must be a rate such as 5/s, 10/m or 100/h' })
  .trim()
  .refine((value) => RATE.test(value), 'must be a rate such as 5/s, 10/m or 100/h (a number, optionally per s, m or h; 0 lifts the limit)');

/**
 * A signal name as Celery's signum() takes it: upper case, SIG prefix optional (TERM, SIGKILL).
 * Lower case is accepted here and upper-cased, since the worker would raise TypeError on it.
 */
const signalName = z
  .string({ error: 'must be a signal name such as TERM or KILL' })
  .trim()
  .transform((name) => name.toUpperCase())
  .refine((name) => Object.hasOwn(constants.signals, name.startsWith('SIG') ? name : `SIG${name}`), 'must be a signal name such as TERM or KILL');

export const noArguments = z.strictObject({});

export const activeArguments = z.strictObject({ safe: flag.optional() });
export const registeredArguments = z.strictObject({
  /** Task attributes to list beside each name, e.g. ['rate_limit']. */
  taskinfoitems: z.array(text('a task attribute name'), { error: 'must be a list of task attribute names' }).optional(),
  builtins: flag.optional(),
});
export const confArguments = z.strictObject({ with_defaults: flag.optional() });
export const queryTaskArguments = z.strictObject({ ids: taskIds });

export const revokeArguments = z
  .strictObject({ task_id: taskIds, terminate: flag.optional(), signal: signalName.optional() })
  .refine((args) => args.signal === undefined || args.terminate === true, {
    path: ['signal'],
    message: 'only applies with terminate: true',
  });

export const rateLimitArguments = z.strictObject({ task_name: taskName, rate_limit: rate });
export const timeLimitArguments = z
  .strictObject({ task_name: taskName, soft: seconds.nullable().optional(), hard: seconds.nullable().optional() })
  .refine(({ soft, hard }) => typeof soft !== 'number' || typeof hard !== 'number' || soft <= hard, {
    path: ['soft'],
    message: 'must not exceed the hard limit (the hard limit would kill the task first)',
  });

export const addConsumerArguments = z.strictObject({
  queue: queueName,
  /** Defaults (on the worker) to an exchange named like the queue. */
  exchange: text('an exchange name').optional(),
  exchange_type: z.enum(['direct', 'topic', 'fanout', 'headers'], { error: 'must be direct, topic, fanout or headers' }).optional(),
  routing_key: z.string({ error: 'must be a routing key' }).optional(),
});
export const cancelConsumerArguments = z.strictObject({ queue: queueName });

export const autoscaleArguments = z
  .strictObject({ max: count(1), min: count(0) })
  .refine((args) => args.min <= args.max, { path: ['min'], message: 'must not exceed max' });
export const poolResizeArguments = z.strictObject({ n: count(1).optional() });
export const poolRestartArguments = z.strictObject({
  /** Modules to import (or reload, with reload: true) in the new pool processes. */
  modules: z.array(text('a Python module name'), { error: 'must be a list of Python module names' }).optional(),
  reload: flag.optional(),
});
export const shutdownArguments = z.strictObject({ msg: z.string({ error: 'must be text' }).optional() });
