import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const READY = /Tach headless console ready at (http:\/\/\S+) \(data:/;

export type Outcome = { kind: 'ready'; url: string } | { kind: 'exited'; code: number | null; signal: NodeJS.Signals | null };

/**
 * The headless console as an operator starts it: `node scripts/serve.ts` (the launcher, which
 * runs the engine as its child) or `npm run serve`, in a process group of its own (as a terminal
 * or a service manager gives it) so that the test can signal the whole group.
 */
export interface ConsoleProcess {
  /** The process we started, and the group's id. */
  child: ChildProcess;
  pid: number;
  output(): string;
  /** Ready line, or exit before it. */
  outcome: Promise<Outcome>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once `pattern` appears in the output. */
  waitFor(pattern: RegExp): Promise<void>;
  /** Pids of the launcher and the engine (found in /proc, not from what Tach writes). */
  launcherPid(): number;
  enginePid(): number;
  /** SIGKILL to the group, then waits for the process we started to exit. */
  kill(): Promise<void>;
}

export function startConsole(how: 'launcher' | 'npm', args: string[]): ConsoleProcess {
  const child =
    how === 'launcher'
      ? spawn(process.execPath, ['scripts/serve.ts', ...args], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn('npm', ['run', 'serve', '--', ...args], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${how}`);
  let output = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const waiter of waiters) waiter();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const waitFor = (pattern: RegExp) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (!pattern.test(output)) return;
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
    });
  const outcome = Promise.race([
    waitFor(READY).then((): Outcome => ({ kind: 'ready', url: READY.exec(output)?.[1] ?? '' })),
    exited.then((status): Outcome => ({ kind: 'exited', ...status })),
  ]);
  const descendant = (marker: string) => {
    // A node process running that file (not npm's `sh -c "node scripts/serve.ts …"`).
    const found = descendants(pid).find((candidate) => {
      const [program = '', ...args] = commandLine(candidate);
      return basename(program) === 'node' && args.some((arg) => arg.endsWith(marker));
    });
    if (found === undefined) throw new Error(`no process running ${marker} under ${pid}`);
    return found;
  };
  return {
    child,
    pid,
    output: () => output,
    outcome,
    exited,
    waitFor,
    launcherPid: () => (how === 'launcher' ? pid : descendant('scripts/serve.ts')),
    enginePid: () => descendant('src/main/headless/cli.ts'),
    async kill() {
      // The group, even once npm is gone: the launcher and the engine may outlive it.
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // The group is already empty.
      }
      await exited;
    },
  };
}

/** Live descendants of `pid` (zombies excluded), from /proc. */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(Number(entry));
    if (!stat || stat.state === 'Z') continue;
    children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const next of children.get(parent) ?? []) {
      found.push(next);
      walk(next);
    }
  };
  walk(pid);
  return found;
}

/** Whether `pid` still runs (a zombie has finished running: it only waits to be reaped). */
export function isRunning(pid: number): boolean {
  const stat = procStat(pid);
  return stat !== undefined && stat.state !== 'Z';
}

function procStat(pid: number): { state: string; ppid: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) S ppid ...": comm may hold spaces and parentheses; the fields follow the last ')'.
    const [state = '', ppid = ''] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state, ppid: Number(ppid) };
  } catch {
    return undefined;
  }
}

function commandLine(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return [];
  }
}

/** Polls until `condition` holds: for what no event announces (a process that is not our child exiting). */
export async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
