import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirBusyError, LOCK_FILE, lockDataDir } from './data-dir-lock.ts';

/** Above Linux's largest pid_max (2^22), so no process can have it. */
const DEAD_PID = 2 ** 22 + 123;

describe('lockDataDir', () => {
  let dir: string;
  const unlocks: (() => void)[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tach-lock-'));
  });

  afterEach(() => {
    for (const unlock of unlocks.splice(0)) unlock();
    rmSync(dir, { recursive: true, force: true });
  });

  const lock = () => {
    const unlock = lockDataDir(dir);
    unlocks.push(unlock);
    return unlock;
  };

  it('writes this process id into a file only its owner can read, and removes it on unlock', () => {
    const unlock = lock();
    const path = join(dir, LOCK_FILE);
    expect(readFileSync(path, 'utf8')).toBe(String(process.pid));
    expect(statSync(path).mode & 0o077).toBe(0);
    unlock();
    expect(existsSync(path)).toBe(false);
  });

  it('takes over a lock left by a process that no longer exists', () => {
    const path = join(dir, LOCK_FILE);
    writeFileSync(path, String(DEAD_PID));
    lock();
    expect(readFileSync(path, 'utf8')).toBe(String(process.pid));
  });

  it('takes over a lock file that holds no pid', () => {
    const path = join(dir, LOCK_FILE);
    for (const content of ['', 'garbage', '-5', '0']) {
      writeFileSync(path, content);
      const unlock = lockDataDir(dir);
      expect(readFileSync(path, 'utf8')).toBe(String(process.pid));
      unlock();
    }
  });

  it('refuses while a live process holds it, naming the pid, and leaves its lock alone', () => {
    const path = join(dir, LOCK_FILE);
    writeFileSync(path, `${process.ppid}\n`);
    let thrown: unknown;
    try {
      lock();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DataDirBusyError);
    expect((thrown as Error).message).toContain(`pid ${process.ppid}`);
    expect((thrown as Error).message).toContain(dir);
    expect(readFileSync(path, 'utf8')).toBe(`${process.ppid}\n`);
  });

  it('refuses a second lock of the same directory from this process while the first is held', () => {
    lock();
    expect(() => lock()).toThrow(DataDirBusyError);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(String(process.pid));
  });

  it('can be taken again after unlocking', () => {
    const unlock = lock();
    unlock();
    lock();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
  });

  it('reports a directory that does not exist as an error, not as busy', () => {
    expect(() => lockDataDir(join(dir, 'missing'))).toThrow(/ENOENT/);
  });
});
