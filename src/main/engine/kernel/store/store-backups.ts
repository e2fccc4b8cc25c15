import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../logging/logger.ts';
import { freeBytes, isDiskFull, storeBytes } from './disk-space.ts';
import type { BackupJob, BackupResult } from './store-backup-worker.ts';
import { BACKUP_DIR, DATABASE_FILE, listBackups } from './store-check.ts';

export interface BackupOptions {
  /** Backups kept; 0 turns them off. */
  keep: number;
  /** Time between backups. */
  intervalMs: number;
  /** A backup is skipped unless this much would still be free after it. */
  reserveBytes: number;
}

export const DEFAULT_BACKUP_OPTIONS: BackupOptions = { keep: 3, intervalMs: 24 * 3_600_000, reserveBytes: 64 * 1024 * 1024 };

/** TACH_BACKUPS (how many to keep, 0 for none) and TACH_BACKUP_HOURS (how often), for both doors. */
export function backupOptionsFromEnv(env: NodeJS.ProcessEnv, base: BackupOptions = DEFAULT_BACKUP_OPTIONS): BackupOptions {
  const keep = Number(env.TACH_BACKUPS);
  const hours = Number(env.TACH_BACKUP_HOURS);
  return {
    ...base,
    keep: env.TACH_BACKUPS !== undefined && Number.isInteger(keep) && keep >= 0 ? keep : base.keep,
    intervalMs: Number.isFinite(hours) && hours > 0 ? hours * 3_600_000 : base.intervalMs,
  };
}

export type BackupOutcome = { kind: 'made'; path: string; bytes: number; at: number } | { kind: 'skipped' | 'failed'; reason: string; at: number; diskFull?: boolean };

export interface StoreBackupsOptions extends BackupOptions {
  dataDir: string;
  log: Logger;
  now?: () => number;
  /** The worker's module, for a bundled door (from source: the sibling .ts file). */
  entry?: URL;
  /** How long after start the first backup is made when the newest is due (the start has enough to do). */
  firstDelayMs?: number;
  /** Free bytes of the data dir's file system (tests pretend a disk is short). */
  freeBytes?: (dir: string) => number | undefined;
  onOutcome?: (outcome: BackupOutcome) => void;
}

const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

/**
 * A daily copy of the store in `<dataDir>/backups`, newest `keep` kept: something to go back to
 * when the store is damaged. The copy runs on a thread of its own (store-backup-worker.ts) and
 * is skipped, with a warning, when the disk could not hold it and still keep `reserveBytes` free.
 */
export class StoreBackups {
  readonly #o: StoreBackupsOptions;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<BackupOutcome> | undefined;
  #stopped = true;

  constructor(options: StoreBackupsOptions) {
    this.#o = options;
  }

  start(): void {
    if (!this.#stopped || this.#o.keep === 0) return;
    this.#stopped = false;
    const newest = listBackups(this.#o.dataDir).at(-1);
    const madeAt = newest ? statSync(newest).mtimeMs : -Infinity;
    const due = madeAt + this.#o.intervalMs - this.#now();
    this.#schedule(Math.max(due, this.#o.firstDelayMs ?? 60_000));
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running?.catch(() => {});
  }

  /** Makes one backup now (or says why not), then removes the oldest beyond `keep`. */
  backupNow(): Promise<BackupOutcome> {
    this.#running ??= this.#backup().finally(() => (this.#running = undefined));
    return this.#running;
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      void this.backupNow().then(() => this.#schedule(this.#o.intervalMs));
    }, delayMs);
    this.#timer.unref();
  }

  #now(): number {
    return (this.#o.now ?? Date.now)();
  }

  async #backup(): Promise<BackupOutcome> {
    const outcome = await this.#attempt();
    if (outcome.kind === 'made') {
      this.#o.log.info('store backed up', { path: outcome.path, bytes: outcome.bytes });
      this.#rotate();
    } else if (outcome.kind === 'skipped') {
      this.#o.log.warn(`store backup skipped: ${outcome.reason}`);
    } else {
      this.#o.log.error(`store backup failed: ${outcome.reason}`);
    }
    this.#o.onOutcome?.(outcome);
    return outcome;
  }

  async #attempt(): Promise<BackupOutcome> {
    const { dataDir, reserveBytes } = this.#o;
    const at = this.#now();
    const dir = join(dataDir, BACKUP_DIR);
    const { db, wal } = storeBytes(dataDir);
    // The copy is about the store with its WAL folded in: at most both.
    const need = db + wal;
    const free = (this.#o.freeBytes ?? freeBytes)(dataDir);
    if (free !== undefined && free - need < reserveBytes) {
      const mb = (bytes: number) => `${Math.round(bytes / 1_048_576)} MB`;
      return { kind: 'skipped', at, reason: `the disk of ${dataDir} has ${mb(free)} free; a backup of about ${mb(need)} would leave less than the ${mb(reserveBytes)} kept free for the store` };
    }
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      return { kind: 'failed', at, reason: (error as Error).message, diskFull: isDiskFull(error as Error) };
    }
    const path = join(dir, `tach-${stamp(at)}.db`);
    const result = await this.#copy({ source: join(dataDir, DATABASE_FILE), destination: path });
    if (!result.ok) return { kind: 'failed', at, reason: result.message, diskFull: isDiskFull(result) };
    return { kind: 'made', at, path, bytes: result.bytes };
  }

  #copy(job: BackupJob): Promise<BackupResult> {
    const entry = this.#o.entry ?? new URL('./store-backup-worker.ts', import.meta.url);
    return new Promise((resolve) => {
      const worker = new Worker(entry, { workerData: job });
      let result: BackupResult | undefined;
      worker.once('message', (message: BackupResult) => (result = message));
      worker.once('error', (error) => (result ??= { ok: false, message: error.message }));
      worker.once('exit', (code) => resolve(result ?? { ok: false, message: `the backup thread exited (code ${code})` }));
    });
  }

  #rotate(): void {
    const backups = listBackups(this.#o.dataDir);
    for (const old of backups.slice(0, Math.max(0, backups.length - this.#o.keep))) {
      try {
        rmSync(old, { force: true });
      } catch (error) {
        this.#o.log.warn('an old store backup could not be removed', { path: old, err: error });
      }
    }
  }
}
