import { statfsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_FILE } from './store-check.ts';

/** Bytes an unprivileged process may still write on the file system holding `dir`; undefined where it cannot be read. */
export function freeBytes(dir: string): number | undefined {
  try {
    const stats = statfsSync(dir);
    return stats.bavail * stats.bsize;
  } catch {
    return undefined;
  }
}

/** The store's files as they are on disk now. */
export function storeBytes(dataDir: string): { db: number; wal: number } {
  const size = (file: string) => statSync(join(dataDir, file), { throwIfNoEntry: false })?.size ?? 0;
  return { db: size(DATABASE_FILE), wal: size(`${DATABASE_FILE}-wal`) };
}

/** SQLite's SQLITE_FULL or the file system's ENOSPC, as either reaches the engine (an error or a message). */
export function isDiskFull(error: { code?: unknown; message?: unknown }): boolean {
  return error.code === 'SQLITE_FULL' || error.code === 'ENOSPC' || (typeof error.message === 'string' && /database or disk is full|ENOSPC|no space left/i.test(error.message));
}
