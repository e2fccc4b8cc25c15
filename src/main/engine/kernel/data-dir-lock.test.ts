import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirBusyError, LOCK_DB_FILE, LOCK_FILE, lockDataDir, readLockHolder } from './data-dir-lock.ts';

const LOCK_MODULE = new URL('./data-dir-lock.ts', import.meta.url).href;

/** A process that takes the lock and keeps it; its pid is `holder.pid` once `locked` resolves. */
function holderProcess(dir: string, parentScript = ''): { child: ChildProcess; locked: Promise<number> } {
  const holder = `import { lockDataDir } from ${JSON.stringify(LOCK_MODULE)}; lockDataDir(${JSON.stringify(dir)}); console.log('locked ' + process.pid); setInterval(() => {}, 60_000);`;
  // With a parent script, the holder runs under `sh`, which may replace itself by a process that never reaps it.
  const child = parentScript
    ? spawn('sh', ['-c', `"$0" --input-type=module -e "$1" & ${parentScript}`, process.execPath, holder], { stdio: ['ignore', 'pipe', 'inherit'] })
    : spawn(process.execPath, ['--input-type=module', '-e', holder], { stdio: ['ignore', 'pipe', 'inherit'] });
  const locked = new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /locked (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`the lock holder exited (${code}) before locking: ${out}`)));
  });
  return { child, locked };
}

function processState(pid: number): string | undefined {
  try {
    // "pid (comm) S ...": the state follows the last parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
}

function threadCount(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/task`).length;
  } catch {
    return 0;
  }
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}

function refusal(lock: () => unknown): Error {
  try {
    lock();
  } catch (error) {
    expect(error).toBeInstanceOf(DataDirBusyError);
    return error as Error;
  }
  throw new Error('expected the lock to be refused');
}

describe('lockDataDir', () => {
  let dir: string;
  const unlocks: (() => void)[] = [];
  const children: ChildProcess[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tach-lock-'));
  });

  afterEach(async () => {
    for (const unlock of unlocks.splice(0)) unlock();
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await once(child, 'exit');
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const lock = () => {
    const unlock = lockDataDir(dir);
    unlocks.push(unlock);
    return unlock;
  };

  it('names the holder in a file only its owner can read, removed on unlock; the lock file itself stays', () => {
    const unlock = lock();
    const path = join(dir, LOCK_FILE);
    const [pid, host, startedAt] = readFileSync(path, 'utf8').split('\n');
    expect(pid).toBe(String(process.pid));
    expect(host).toBe(hostname());
    expect(new Date(startedAt ?? '').getTime()).not.toBeNaN();
    expect(statSync(path).mode & 0o077).toBe(0);
    unlock();
    expect(existsSync(path)).toBe(false);
    expect(existsSync(join(dir, LOCK_DB_FILE))).toBe(true);
  });

  it('takes over an old-format lock naming a live process: only the kernel lock counts', () => {
    const path = join(dir, LOCK_FILE);
    for (const content of [String(process.ppid), '1', '', 'garbage']) {
      writeFileSync(path, content);
      const unlock = lockDataDir(dir);
      expect(readLockHolder(dir)?.pid).toBe(process.pid);
      unlock();
    }
  });

  it('refuses a second lock of the same directory from this process while the first is held', () => {
    lock();
    expect(refusal(lock).message).toContain(`Another Tach (pid ${process.pid}, started at `);
    // The refused attempt closed its connection without dropping the first one's lock.
    refusal(lock);
    expect(readLockHolder(dir)?.pid).toBe(process.pid);
  });

  it('refuses while another process holds it, naming its pid, start time and the directory', async () => {
    const holder = holderProcess(dir);
    children.push(holder.child);
    const pid = await holder.locked;
    const message = refusal(lock).message;
    expect(message).toMatch(new RegExp(`^Another Tach \\(pid ${pid}, started at \\d{4}-\\d\\d-\\d\\dT[^)]+\\) is using `));
    expect(message).toContain(dir);
  });

  it('is free as soon as its holder is killed, though the killed process is still a zombie', async () => {
    // `exec sleep` leaves the holder's parent a process that never reaps it.
    const holder = holderProcess(dir, 'exec sleep 600');
    children.push(holder.child);
    const pid = await holder.locked;
    refusal(lock);
    process.kill(pid, 'SIGKILL');
    // Dead but not reaped: its threads have all exited, only the zombie's entry remains.
    await until(() => processState(pid) === 'Z' && threadCount(pid) === 1);
    lock();
    expect(readLockHolder(dir)?.pid).toBe(process.pid);
  });

  it('says "Another Tach" without a pid when the holder has not written who it is', () => {
    lock();
    rmSync(join(dir, LOCK_FILE));
    expect(refusal(lock).message).toBe(`Another Tach is using ${dir}. Stop it, or give this one another data directory.`);
  });

  it('can be taken again after unlocking', () => {
    const unlock = lock();
    unlock();
    lock();
    expect(readLockHolder(dir)?.pid).toBe(process.pid);
  });

  it('reports a directory that does not exist as an error, not as busy', () => {
    expect(() => lockDataDir(join(dir, 'missing'))).toThrow(/ENOENT/);
  });
});
