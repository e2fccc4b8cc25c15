import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { onProcessExit } from './exit-guard.ts';

export interface StartProcessOptions {
  /** Short label used in messages, e.g. 'rabbitmq' or 'epmd'. */
  name: string;
  command: string;
  args: string[];
  /** Output of both stdout and stderr is appended here, so a restart keeps one log. */
  logFile: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** The last `maxLines` lines of a log file (at most the last 16 KiB), or a note why there are none. */
export async function tailFile(path: string, maxLines = 40): Promise<string> {
  try {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, 16 * 1024);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      return buffer.toString('utf8').split('\n').slice(-maxLines).join('\n');
    } finally {
      await handle.close();
    }
  } catch (error) {
    return `(no log: ${(error as Error).message})`;
  }
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM means it exists but belongs to someone else; still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A zombie answers kill(0) but is already dead. Containers often run without an init
  // that reaps orphans, so zombies are common here and must not count as alive.
  return processState(pid) !== 'Z';
}

function processState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may contain spaces; fields follow the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
}

/** Live (non-zombie) members of a process group. Falls back to kill(-pgid, 0) without /proc. */
export function groupMembers(pgid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    try {
      process.kill(-pgid, 0);
      return [pgid];
    } catch {
      return [];
    }
  }
  const members: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields[0] is the state, fields[2] the process group id.
      if (fields[0] !== 'Z' && Number(fields[2]) === pgid) members.push(Number(entry));
    } catch {
      // the process vanished between readdir and read
    }
  }
  return members;
}

function signal(target: number, name: NodeJS.Signals): void {
  try {
    process.kill(target, name);
  } catch {
    // already gone
  }
}

/** SIGTERM one PID, wait up to graceMs for it to go, then SIGKILL it. */
export async function killPid(pid: number, graceMs = 10_000): Promise<void> {
  if (!pidAlive(pid)) return;
  signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (pidAlive(pid) && Date.now() < deadline) await sleep(100);
  if (pidAlive(pid)) {
    signal(pid, 'SIGKILL');
    while (pidAlive(pid)) await sleep(50);
  }
}

/**
 * A child in its own process group (detached => setsid), so stop() reaches everything it
 * forked (beam's erl_child_setup, inet_gethost, a JVM's helpers) and a Ctrl-C in the
 * terminal, which goes to our foreground group, does not kill it behind our back.
 */
export class ManagedProcess {
  readonly name: string;
  readonly logFile: string;
  readonly pid: number;
  #child: ChildProcess;
  #exitCode: number | null = null;
  #exitSignal: NodeJS.Signals | null = null;
  #exited = false;
  #stopping: Promise<void> | undefined;
  #unregister: () => void;

  constructor(name: string, logFile: string, child: ChildProcess, pid: number) {
    this.name = name;
    this.logFile = logFile;
    this.pid = pid;
    this.#child = child;
    child.once('exit', (code, sig) => {
      this.#exited = true;
      this.#exitCode = code;
      this.#exitSignal = sig;
    });
    this.#unregister = onProcessExit(() => {
      // Synchronous SIGKILL of the whole group: the runner is going away without stop().
      signal(-pid, 'SIGKILL');
    });
  }

  /** True once the direct child has exited (group members may linger; stop() handles them). */
  get exited(): boolean {
    return this.#exited;
  }

  describeExit(): string {
    return this.#exitSignal ? `killed by ${this.#exitSignal}` : `exit code ${String(this.#exitCode)}`;
  }

  /** Resolves when the direct child has exited. */
  waitForExit(): Promise<void> {
    if (this.#exited) return Promise.resolve();
    return new Promise((resolve) => this.#child.once('exit', () => resolve()));
  }

  /** SIGTERM to the group, up to graceMs for all of it to go, then SIGKILL. Idempotent. */
  stop(graceMs = 10_000): Promise<void> {
    this.#stopping ??= this.#stop(graceMs);
    return this.#stopping;
  }

  async #stop(graceMs: number): Promise<void> {
    const pgid = this.pid;
    if (groupMembers(pgid).length > 0) {
      signal(-pgid, 'SIGTERM');
      const deadline = Date.now() + graceMs;
      while (groupMembers(pgid).length > 0 && Date.now() < deadline) await sleep(100);
      if (groupMembers(pgid).length > 0) {
        signal(-pgid, 'SIGKILL');
        const killDeadline = Date.now() + 5_000;
        while (groupMembers(pgid).length > 0 && Date.now() < killDeadline) await sleep(50);
      }
    }
    // Let Node reap the direct child so it does not stay a zombie of ours.
    if (!this.#exited) await Promise.race([this.waitForExit(), sleep(2_000)]);
    this.#unregister();
  }
}

/** Spawns `command` detached with output going to `logFile`; resolves once the OS has started it. */
export function startProcess(options: StartProcessOptions): Promise<ManagedProcess> {
  const fd = openSync(options.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(options.command, options.args, {
      detached: true,
      stdio: ['ignore', fd, fd],
      env: options.env ?? process.env,
      cwd: options.cwd,
    });
  } finally {
    // The child holds its own copy of the descriptor.
    closeSync(fd);
  }
  return new Promise((resolve, reject) => {
    child.once('error', (error) => reject(new Error(`${options.name}: cannot start ${options.command}: ${error.message}`)));
    child.once('spawn', () => {
      const pid = child.pid;
      if (pid === undefined) reject(new Error(`${options.name}: spawned without a pid`));
      else resolve(new ManagedProcess(options.name, options.logFile, child, pid));
    });
  });
}

export interface WaitForOptions {
  timeoutMs: number;
  /** What we are waiting for, phrased to complete "timed out waiting for ...". */
  what: string;
  intervalMs?: number;
  /** Log whose tail goes into the error message. Defaults to the process's log. */
  logFile?: string;
  /** Give up early, with its exit status, if this process dies while we wait. */
  process?: ManagedProcess;
}

/**
 * Polls `check` until it returns true. A check that throws counts as "not yet": services
 * refuse connections or answer 503 for a while during boot, and that is expected.
 */
export async function waitFor(check: () => Promise<boolean>, options: WaitForOptions): Promise<void> {
  const started = Date.now();
  const interval = options.intervalMs ?? 200;
  const logFile = options.logFile ?? options.process?.logFile;
  let lastError: string;
  for (;;) {
    try {
      if (await check()) return;
      lastError = '';
    } catch (error) {
      lastError = (error as Error).message;
    }
    const elapsed = Date.now() - started;
    const died = options.process?.exited === true;
    if (died || elapsed >= options.timeoutMs) {
      const reason = died
        ? `${options.process?.name} exited (${options.process?.describeExit()}) while waiting for ${options.what}`
        : `timed out after ${elapsed} ms waiting for ${options.what}`;
      const tail = logFile ? `\n--- last lines of ${logFile} ---\n${await tailFile(logFile)}` : '';
      throw new Error(`${reason}${lastError ? ` (last error: ${lastError})` : ''}${tail}`);
    }
    await sleep(interval);
  }
}
