import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const LOCK_FILE = 'tach.lock';

export class DataDirBusyError extends Error {
  constructor(dataDir: string, pid: number) {
    super(`Another Tach (pid ${pid}) is already using ${dataDir}. Stop it, or give this one another data directory.`);
    this.name = 'DataDirBusyError';
  }
}

/**
 * One engine per data directory: two would both consume the same queues and fight over the
 * store. A lock left by a process that died is taken over.
 */
// Locks this process holds: the pid in the file cannot tell two engines of one process apart.
const heldHere = new Set<string>();

export function lockDataDir(dataDir: string): () => void {
  const path = resolve(join(dataDir, LOCK_FILE));
  if (heldHere.has(path)) throw new DataDirBusyError(dataDir, process.pid);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldHere.add(path);
      return () => {
        heldHere.delete(path);
        rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(path, 'utf8').trim());
      // Our own pid in a lock we do not hold is a leftover of an earlier process that had the
      // same pid (pid 1 in a container, say): stale.
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new DataDirBusyError(dataDir, holder);
      }
      rmSync(path, { force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
