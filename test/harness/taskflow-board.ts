import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { onProcessExit } from './exit-guard.ts';
import { ensureDebianPackages } from './ensure-packages.ts';

export const TASKFLOW_BOARD_SCRIPT = fileURLToPath(new URL('./fixtures/taskflow_board.py', import.meta.url));

/** TaskFlow's own view of a job (iterjobs + find_owner). */
export interface TaskflowJob {
  uuid: string;
  name: string;
  state: 'UNCLAIMED' | 'CLAIMED' | 'COMPLETE';
  owner: string | null;
  path: string;
  sequence: number;
}

/**
 * A real TaskFlow ZookeeperJobBoard (Debian's python3-taskflow, through kazoo) in its own
 * process, driven one JSON command at a time. Each process has its own ZooKeeper session, so a
 * claim it makes dies with it (kill()), as a crashed conductor's would.
 */
export interface TaskflowBoard {
  readonly pid: number;
  post(name: string, details?: object, priority?: string): Promise<string>;
  claim(uuid: string, who: string): Promise<void>;
  consume(uuid: string, who: string): Promise<void>;
  abandon(uuid: string, who: string): Promise<void>;
  trash(uuid: string, who: string): Promise<void>;
  /** Registers a conductor entity (ephemeral, gone with this process). */
  register(name: string): Promise<void>;
  jobs(): Promise<TaskflowJob[]>;
  /** SIGKILL: no goodbye to ZooKeeper; its ephemeral nodes go when the session expires. */
  kill(): void;
  close(): Promise<void>;
}

export async function startTaskflowBoard(hosts: string, path: string, timeoutMs = 30_000): Promise<TaskflowBoard> {
  await ensureDebianPackages(['python3-taskflow', 'python3-kazoo']);
  const child: ChildProcessWithoutNullStreams = spawn('/usr/bin/python3', [TASKFLOW_BOARD_SCRIPT, hosts, path], { stdio: ['pipe', 'pipe', 'pipe'] });
  const unregister = onProcessExit(() => child.kill('SIGKILL'));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const lines = createInterface({ input: child.stdout });
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const next = () =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`TaskFlow board did not answer within ${timeoutMs} ms. stderr: ${stderr}`)), timeoutMs);
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`TaskFlow board exited. stderr: ${stderr}`));
      });
      waiting.push((line) => {
        clearTimeout(timer);
        resolve(JSON.parse(line) as Record<string, unknown>);
      });
    });
  const ready = await next();
  if (!ready.ready) throw new Error(`TaskFlow board did not start: ${JSON.stringify(ready)} ${stderr}`);
  let queue = Promise.resolve<unknown>(undefined);
  const send = (command: object): Promise<Record<string, unknown>> => {
    const run = queue.then(async () => {
      const answer = next();
      child.stdin.write(`${JSON.stringify(command)}\n`);
      const value = await answer;
      if (typeof value.error === 'string') throw new Error(`TaskFlow ${JSON.stringify(command)}: ${value.error}`);
      return value;
    });
    queue = run.catch(() => undefined);
    return run;
  };
  const act = (op: string) => async (uuid: string, who: string) => {
    await send({ op, uuid, who });
  };
  return {
    pid: child.pid ?? -1,
    post: async (name, details, priority) => (await send({ op: 'post', name, details, priority: priority ?? 'NORMAL' })).uuid as string,
    claim: act('claim'),
    consume: act('consume'),
    abandon: act('abandon'),
    trash: act('trash'),
    register: async (name) => {
      await send({ op: 'register', name });
    },
    jobs: async () => (await send({ op: 'jobs' })).jobs as TaskflowJob[],
    kill: () => {
      child.kill('SIGKILL');
    },
    close: async () => {
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      unregister();
    },
  };
}
