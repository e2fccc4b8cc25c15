import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ensureDebianPackages } from './ensure-packages.ts';
import { groupMembers, startProcess, waitFor } from './managed-process.ts';
import { makeTempDir, removeUnlessKept } from './temp-dir.ts';

const execFileAsync = promisify(execFile);

/** Debian's interpreter: the python3 first on PATH may not see python3-celery. */
const PYTHON = '/usr/bin/python3';
/** Where tachapp.py and send_tasks.py live; the worker runs there with it on PYTHONPATH. */
export const CELERY_FIXTURES = fileURLToPath(new URL('../fixtures/celery/', import.meta.url));

export interface StartCeleryWorkerOptions {
  brokerUrl: string;
  /** Node name, e.g. 'alpha@tach'. Celery keys pidbox replies and events by exactly this. */
  hostname: string;
  /** Task queues to consume (-Q). Celery's default is the single queue 'celery'. */
  queues?: string[];
  /** Pool size (-c). Default 2. */
  concurrency?: number;
  /** Default prefork: the hub-driven pool, which is what batches task events into task.multi. */
  pool?: 'prefork' | 'solo' | 'threads';
  /** Send task events (-E). Default true. */
  events?: boolean;
  /** Seconds between worker-heartbeat events (Celery's default is 2). */
  heartbeatInterval?: number;
  /** [max, min] processes: turns the autoscaler on. */
  autoscale?: [number, number];
  extraArgs?: string[];
  /** How long to wait for "<hostname> ready." Default 30 s. */
  readyTimeoutMs?: number;
}

export interface SendTaskOptions {
  countdown?: number;
  taskId?: string;
  queue?: string;
}

export interface CeleryWorker {
  readonly hostname: string;
  readonly logFile: string;
  /** Milliseconds from spawn to "<hostname> ready." in the log. */
  readonly readyMs: number;
  /** The main worker process (its process group holds the pool children). */
  pid(): number;
  /** True until the main process has exited (a remote shutdown, stop(), kill()). */
  running(): boolean;
  /** Resolves when the main process has exited; rejects after timeoutMs. */
  waitForExit(timeoutMs: number): Promise<void>;
  /** Warm shutdown: SIGTERM to the main process (it sends worker-offline), SIGKILL the group after graceMs. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL to the whole group: the worker vanishes without worker-offline, like a lost host. */
  kill(): Promise<void>;
  /** Publishes a task through send_tasks.py (so with a task-sent event) and returns its id. */
  sendTask(name: string, args: unknown[], kwargs?: Record<string, unknown>, options?: SendTaskOptions): Promise<string>;
}

function workerArgs(options: StartCeleryWorkerOptions): string[] {
  // In Celery 5 --broker belongs to the top-level command, before `worker`.
  const args = ['-m', 'celery', '-A', 'tachapp', '--broker', options.brokerUrl, 'worker'];
  args.push('--hostname', options.hostname, '--loglevel', 'INFO');
  // Gossip and mingle make every worker talk to every other at start: slower boots and
  // cross-talk between tests, for features the console does not use.
  args.push('--without-gossip', '--without-mingle');
  args.push('--pool', options.pool ?? 'prefork');
  if (options.autoscale) args.push('--autoscale', `${options.autoscale[0]},${options.autoscale[1]}`);
  else args.push('--concurrency', String(options.concurrency ?? 2));
  if (options.events ?? true) args.push('-E');
  if (options.queues?.length) args.push('--queues', options.queues.join(','));
  if (options.heartbeatInterval !== undefined) args.push('--heartbeat-interval', String(options.heartbeatInterval));
  args.push(...(options.extraArgs ?? []));
  return args;
}

/**
 * Starts a real Celery worker of test/fixtures/celery/tachapp.py.
 *
 * Readiness is the "<hostname> ready." log line. Celery logs it from worker_ready, which the
 * consumer fires only after every bootstep has started, the remote-control (pidbox) consumer
 * included, so by then the worker's pidbox queue is declared, bound and consumed. Polling
 * with a pidbox ping would prove the same thing but would make the harness depend on the
 * very client the tests exercise, or cost a Python start-up (~0.5 s) per poll.
 */
export async function startCeleryWorker(options: StartCeleryWorkerOptions): Promise<CeleryWorker> {
  await ensureDebianPackages(['python3-celery']);
  const dir = await makeTempDir(`tach-celery-${options.hostname.replace(/[^\w.-]/g, '_')}-`);
  const logFile = join(dir, 'worker.log');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PYTHONPATH: CELERY_FIXTURES,
    PYTHONUNBUFFERED: '1',
    TACH_BROKER_URL: options.brokerUrl,
    TACH_RETRY_DIR: dir,
    // tachapp.py turns task events on in its config; this is how events: false turns them off.
    TACH_TASK_EVENTS: (options.events ?? true) ? '1' : '0',
  };
  const started = Date.now();
  const managed = await startProcess({ name: `celery ${options.hostname}`, command: PYTHON, args: workerArgs(options), logFile, env, cwd: CELERY_FIXTURES });
  const readyLine = `${options.hostname} ready.`;
  try {
    await waitFor(async () => (await readFile(logFile, 'utf8')).includes(readyLine), {
      timeoutMs: options.readyTimeoutMs ?? 30_000,
      what: `Celery worker ${options.hostname} to log "${readyLine}"`,
      intervalMs: 100,
      process: managed,
    });
  } catch (error) {
    await managed.stop(2_000);
    await removeUnlessKept(dir, `celery ${options.hostname}`);
    throw error;
  }
  const readyMs = Date.now() - started;

  let stopping: Promise<void> | undefined;
  const finish = async (): Promise<void> => {
    // Reaps the child, SIGKILLs stragglers, unregisters the exit hook; then the temp dir goes.
    await managed.stop(2_000);
    await removeUnlessKept(dir, `celery ${options.hostname}`);
  };

  return {
    hostname: options.hostname,
    logFile,
    readyMs,
    pid: () => managed.pid,
    running: () => !managed.exited,
    async waitForExit(timeoutMs) {
      const timer = sleep(timeoutMs).then(() => {
        throw new Error(`Celery worker ${options.hostname} still running after ${timeoutMs} ms`);
      });
      await Promise.race([managed.waitForExit(), timer]);
    },
    stop(graceMs = 10_000) {
      stopping ??= (async () => {
        // TERM only the main process: it stops its pool children itself (warm shutdown,
        // worker-offline sent). TERM to the whole group would hit the children directly.
        if (!managed.exited) {
          try {
            process.kill(managed.pid, 'SIGTERM');
          } catch {
            // already gone
          }
          const deadline = Date.now() + graceMs;
          while (groupMembers(managed.pid).length > 0 && Date.now() < deadline) await sleep(100);
        }
        await finish();
      })();
      return stopping;
    },
    kill() {
      stopping ??= (async () => {
        try {
          process.kill(-managed.pid, 'SIGKILL');
        } catch {
          // already gone
        }
        await finish();
      })();
      return stopping;
    },
    sendTask: (name, args, kwargs = {}, sendOptions = {}) => sendCeleryTask(options.brokerUrl, name, args, kwargs, sendOptions),
  };
}

/**
 * Publishes a task by name through send_tasks.py (tachapp's settings, so a task-sent event
 * goes out too) and returns its id. About 0.4 s each: a Python start-up plus Celery's imports.
 */
export async function sendCeleryTask(
  brokerUrl: string,
  name: string,
  args: unknown[],
  kwargs: Record<string, unknown> = {},
  options: SendTaskOptions = {},
): Promise<string> {
  const cli = ['send_tasks.py', '--broker', brokerUrl, name, '--args', JSON.stringify(args), '--kwargs', JSON.stringify(kwargs)];
  if (options.countdown !== undefined) cli.push('--countdown', String(options.countdown));
  if (options.taskId !== undefined) cli.push('--task-id', options.taskId);
  if (options.queue !== undefined) cli.push('--queue', options.queue);
  const env = { ...process.env, PYTHONPATH: CELERY_FIXTURES, TACH_BROKER_URL: brokerUrl };
  const { stdout } = await execFileAsync(PYTHON, cli, { cwd: CELERY_FIXTURES, env, timeout: 30_000 });
  return stdout.trim();
}
