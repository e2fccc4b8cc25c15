import type { z } from 'zod';
import { describeArgumentIssue, issueField } from './argument-errors.ts';
import * as args from './command-arguments.ts';

export type CommandKind = 'inspect' | 'control';

export interface CommandSpec<Schema extends z.ZodType = z.ZodType> {
  kind: CommandKind;
  summary: string;
  arguments: Schema;
  /** Whether workers answer. shutdown never does: it raises SystemExit before kombu can reply. */
  replies: boolean;
  /** Celery's CLI waits 1.0 s; the heavier answers get more. */
  defaultTimeoutSeconds: number;
  /** Stops work in progress or a worker; a console asks before sending these. */
  destructive: boolean | ((validated: z.output<Schema>) => boolean);
}

const spec = <Schema extends z.ZodType>(entry: CommandSpec<Schema>): CommandSpec<Schema> => entry;
const inspect = <Schema extends z.ZodType>(summary: string, schema: Schema, defaultTimeoutSeconds = 1.0) =>
  spec({ kind: 'inspect', summary, arguments: schema, replies: true, defaultTimeoutSeconds, destructive: false });
const control = <Schema extends z.ZodType>(summary: string, schema: Schema, destructive: CommandSpec<Schema>['destructive'] = false) =>
  spec({ kind: 'control', summary, arguments: schema, replies: true, defaultTimeoutSeconds: 1.0, destructive });

/** The commands Tach sends, keyed by the method name on the wire (celery/worker/control.py). */
export const COMMANDS = {
  ping: inspect('Check that workers answer ({"ok": "pong"}).', args.noArguments),
  stats: inspect('Pool, broker, prefetch, rusage and task totals.', args.noArguments),
  active: inspect('Tasks executing now.', args.activeArguments),
  scheduled: inspect('Tasks waiting for their ETA or countdown.', args.noArguments),
  reserved: inspect('Tasks prefetched but not started.', args.noArguments),
  revoked: inspect('Task ids this worker has been told to revoke.', args.noArguments),
  registered: inspect('Task names the worker knows.', args.registeredArguments),
  active_queues: inspect('Queues the worker consumes from.', args.noArguments),
  // The whole configuration, and a bug report with every installed version: larger answers.
  conf: inspect("The worker's configuration.", args.confArguments, 2.0),
  query_task: inspect('State of specific tasks on the worker (active, reserved or ready).', args.queryTaskArguments),
  clock: inspect("The worker's Lamport clock.", args.noArguments),
  report: inspect('Versions and settings, as `celery report`.', args.noArguments, 2.0),
  enable_events: control('Start sending task events.', args.noArguments),
  disable_events: control('Stop sending task events.', args.noArguments),
  heartbeat: control('Send a worker-heartbeat event now.', args.noArguments),
  revoke: control('Discard tasks by id; with terminate, also kill them if running.', args.revokeArguments, (a) => a.terminate === true),
  rate_limit: control('Set the rate limit of a task type.', args.rateLimitArguments),
  time_limit: control('Set the soft and hard time limits of a task type.', args.timeLimitArguments),
  add_consumer: control('Start consuming a queue.', args.addConsumerArguments),
  cancel_consumer: control('Stop consuming a queue.', args.cancelConsumerArguments),
  autoscale: control('Change the autoscaler range (workers started with --autoscale only).', args.autoscaleArguments),
  pool_grow: control('Add pool processes.', args.poolResizeArguments),
  pool_shrink: control('Remove pool processes.', args.poolResizeArguments),
  pool_restart: control('Restart the pool processes (needs worker_pool_restarts).', args.poolRestartArguments, true),
  shutdown: spec({
    kind: 'control',
    summary: 'Warm shutdown: finish running tasks, then exit.',
    arguments: args.shutdownArguments,
    replies: false,
    defaultTimeoutSeconds: 1.0,
    destructive: true,
  }),
} as const;

export type CommandName = keyof typeof COMMANDS;
/** What a caller may pass for a command (before defaults and normalization). */
export type CommandArguments<Name extends CommandName> = z.input<(typeof COMMANDS)[Name]['arguments']>;

export function isCommandName(method: string): method is CommandName {
  return Object.hasOwn(COMMANDS, method);
}

export function commandSpec(method: string): CommandSpec | undefined {
  return isCommandName(method) ? (COMMANDS[method] as CommandSpec) : undefined;
}

/** Whether sending `method` with these (validated) arguments stops work or a worker. */
export function isDestructive(method: string, validated: Record<string, unknown>): boolean {
  const destructive = commandSpec(method)?.destructive ?? true;
  return typeof destructive === 'function' ? destructive(validated) : destructive;
}

export type CommandValidation =
  | { ok: true; arguments: Record<string, unknown> }
  /** field: the argument at fault, dotted ('' when it is the arguments as a whole or the method). */
  | { ok: false; message: string; field: string };

/**
 * The arguments to send for `method` (normalized: a lone task id becomes a list), or one
 * sentence naming the field that is wrong. Absent arguments mean none.
 */
export function validateCommandArguments(method: string, input: unknown): CommandValidation {
  const spec = commandSpec(method);
  if (spec === undefined) return { ok: false, message: `"${method}" is not a Celery remote control command Tach knows.`, field: '' };
  const parsed = spec.arguments.safeParse(input ?? {});
  if (parsed.success) return { ok: true, arguments: parsed.data as Record<string, unknown> };
  const [issue] = parsed.error.issues;
  if (issue === undefined) return { ok: false, message: `${method}: invalid arguments.`, field: '' };
  return { ok: false, message: describeArgumentIssue(method, spec.arguments, input, issue), field: issueField(issue) };
}
