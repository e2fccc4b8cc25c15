// The remote-control commands the console offers, mirrored from the engine's catalogue,
// src/main/engine/celery/pidbox/commands.ts (the source of truth: names, kinds, default
// timeouts, which replies and which are destructive). The renderer may not import main,
// so keep this list in step with that file when a command changes there.

export type CommandKind = 'inspect' | 'control';

export interface InspectCommand {
  method: 'stats' | 'active_queues' | 'registered' | 'active' | 'scheduled' | 'reserved' | 'revoked' | 'conf';
  label: string;
  summary: string;
  /** Seconds to wait for the worker, as the engine's default for the command. */
  timeout: number;
}

/** Read-only questions to a worker; allowed on read-only deployments too. */
export const INSPECT_COMMANDS: readonly InspectCommand[] = [
  { method: 'stats', label: 'stats', summary: 'Pool, broker, prefetch, rusage and task totals.', timeout: 1 },
  { method: 'active_queues', label: 'active_queues', summary: 'Queues the worker consumes from.', timeout: 1 },
  { method: 'registered', label: 'registered', summary: 'Task names the worker knows.', timeout: 1 },
  { method: 'active', label: 'active', summary: 'Tasks executing now.', timeout: 1 },
  { method: 'scheduled', label: 'scheduled', summary: 'Tasks waiting for their ETA or countdown.', timeout: 1 },
  { method: 'reserved', label: 'reserved', summary: 'Tasks prefetched but not started.', timeout: 1 },
  { method: 'revoked', label: 'revoked', summary: 'Task ids this worker has been told to revoke.', timeout: 1 },
  // The whole configuration is a larger answer: the engine waits 2 s for it.
  { method: 'conf', label: 'conf', summary: "The worker's configuration.", timeout: 2 },
];

export type ControlMethod =
  | 'pool_grow'
  | 'pool_shrink'
  | 'autoscale'
  | 'add_consumer'
  | 'cancel_consumer'
  | 'rate_limit'
  | 'time_limit'
  | 'enable_events'
  | 'disable_events'
  | 'pool_restart'
  | 'shutdown'
  | 'revoke';

/** Control commands wait 1 s for replies, as Celery's CLI does. */
export const CONTROL_TIMEOUT = 1;

/** shutdown is a cast: the worker exits before it could reply, so nobody waits for one. */
export const NO_REPLY: ReadonlySet<ControlMethod> = new Set(['shutdown']);

/** Commands that stop work in progress or a worker: the console asks before sending them. */
export function isDestructive(method: ControlMethod, args: Record<string, unknown> = {}): boolean {
  if (method === 'revoke') return args.terminate === true;
  return method === 'shutdown' || method === 'pool_restart';
}
