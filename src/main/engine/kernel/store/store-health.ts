import type { StoreHealth as StoreHealthView } from '../../../../shared/domain/types.ts';
import type { LogFileStatus } from '../logging/file-sink.ts';
import type { Logger } from '../logging/logger.ts';
import type { MetricFamily, MetricsSource } from '../metrics/metrics-source.ts';
import { freeBytes, isDiskFull, storeBytes } from './disk-space.ts';
import type { BackupOutcome } from './store-backups.ts';

export interface StoreHealthOptions {
  dataDir: string;
  log: Logger;
  logFile?: LogFileStatus;
  /** Below this much free space the data dir is `low` (and says so at start). */
  lowBytes?: number;
  /** How often free space is read. */
  pollMs?: number;
  now?: () => number;
  freeBytes?: (dir: string) => number | undefined;
  /** The state changed (full, freed, low): the doors push it to every window. */
  onChange?: (health: StoreHealthView) => void;
}

/** Less free than this is `low`: about what a busy hour of Celery events takes (README, "Data directory"). */
export const LOW_SPACE_BYTES = 256 * 1024 * 1024;
/** Once full, this much more free space than at the failure clears the state before the next commit does. */
const FREED_BYTES = 1024 * 1024;
/**
 * ...but only once no commit has been refused for lack of space for this long. While consumers
 * retry, Tach's own writes come and go (a WAL checkpointed and truncated frees megabytes, the next
 * redelivery takes them back): freed space alone would flip the banner off and on between retries.
 */
const QUIET_AFTER_FAILURE_MS = 15_000;

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(bytes < 10 * 1_048_576 ? 1 : 0)} MB`;

/**
 * Whether the store can be written, from two sides: every commit's outcome (a write refused with
 * SQLITE_FULL makes it `full` at once; the next commit that succeeds clears it) and the free
 * space of the data dir, read every few seconds (for `low`, the metrics, and to clear `full` when
 * space frees while nothing commits). Consumers do not ack what failed, and retry by themselves.
 */
export class StoreHealth implements MetricsSource {
  readonly #o: StoreHealthOptions;
  #fullSince: number | undefined;
  #freeAtFull: number | undefined;
  #lastFullFailureAt: number | undefined;
  #free: number | undefined;
  #files = { db: 0, wal: 0 };
  #lastBackup: BackupOutcome | undefined;
  #timer: NodeJS.Timeout | undefined;
  #lastState: StoreHealthView['state'] | undefined;

  constructor(options: StoreHealthOptions) {
    this.#o = options;
  }

  /** Reads free space now, warning at once when the disk is nearly full, then every `pollMs`. */
  start(): void {
    this.refresh();
    const view = this.view();
    if (view.state !== 'ok') this.#o.log.warn(view.message ?? 'the data dir is short of space', { freeBytes: view.freeBytes });
    this.#schedule();
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** A commit failed: if for lack of space, the store is full from now on. */
  writeFailed(error: { code?: unknown; message?: unknown }): void {
    if (!isDiskFull(error)) return;
    this.#lastFullFailureAt = this.#now();
    if (this.#fullSince !== undefined) return;
    this.#free = (this.#o.freeBytes ?? freeBytes)(this.#o.dataDir);
    this.#fullSince = this.#now();
    this.#freeAtFull = this.#free ?? 0;
    this.#o.log.error('the data dir is full: nothing more is stored or acknowledged until space is freed', { dataDir: this.#o.dataDir, freeBytes: this.#free });
    this.#changed();
  }

  /** A commit succeeded: whatever was full has room again. */
  writeSucceeded(): void {
    if (this.#fullSince === undefined) return;
    this.#clearFull();
  }

  backedUp(outcome: BackupOutcome): void {
    this.#lastBackup = outcome;
    if (outcome.kind === 'failed' && outcome.diskFull) this.writeFailed({ code: 'ENOSPC' });
    this.#changed();
  }

  refresh(): void {
    this.#free = (this.#o.freeBytes ?? freeBytes)(this.#o.dataDir);
    this.#files = storeBytes(this.#o.dataDir);
    const freed = this.#free !== undefined && this.#free >= (this.#freeAtFull ?? 0) + FREED_BYTES;
    const quiet = this.#now() - (this.#lastFullFailureAt ?? 0) >= QUIET_AFTER_FAILURE_MS;
    if (this.#fullSince !== undefined && freed && quiet) this.#clearFull();
    this.#changed();
  }

  view(): StoreHealthView {
    const { dataDir } = this.#o;
    const free = this.#free;
    const full = this.#fullSince !== undefined;
    const low = !full && free !== undefined && free < (this.#o.lowBytes ?? LOW_SPACE_BYTES);
    const last = this.#lastBackup;
    return {
      state: full ? 'full' : low ? 'low' : 'ok',
      message: full
        ? `Disk full: Tach cannot write to its store in ${dataDir}${free === undefined ? '' : ` (${mb(free)} free)`}. Nothing more is stored or acknowledged; the broker keeps the messages. Free some space: Tach resumes by itself.`
        : low
          ? `Disk nearly full: ${mb(free ?? 0)} free for the store in ${dataDir}. Free some space before it fills up; Tach then stops storing until it has room.`
          : null,
      dataDir,
      freeBytes: free ?? null,
      storeBytes: this.#files.db,
      walBytes: this.#files.wal,
      fullSince: full ? new Date(this.#fullSince ?? 0).toISOString() : null,
      logFileWritable: this.#o.logFile?.writable() ?? true,
      logLinesDropped: this.#o.logFile?.droppedLines() ?? 0,
      lastBackup: last ? { at: new Date(last.at).toISOString(), outcome: last.kind, detail: last.kind === 'made' ? last.path : last.reason } : null,
    };
  }

  collect(): readonly MetricFamily[] {
    const view = this.view();
    const gauge = (name: string, help: string, value: number, labels: Record<string, string> = {}): MetricFamily => ({ name, help, type: 'gauge', samples: [{ labels, value }] });
    const families: MetricFamily[] = [
      gauge('tach_store_disk_full', '1 while the store cannot be written for lack of disk space (nothing is stored or acked).', view.state === 'full' ? 1 : 0),
      gauge('tach_store_disk_low', '1 while free space on the data dir is below the reserve Tach keeps.', view.state === 'low' ? 1 : 0),
      { name: 'tach_store_bytes', help: 'Size of the store files.', type: 'gauge', samples: [{ labels: { file: 'db' }, value: view.storeBytes }, { labels: { file: 'wal' }, value: view.walBytes }] },
      gauge('tach_log_file_writable', '1 while the log file is written; 0 while lines go to stderr only.', view.logFileWritable ? 1 : 0),
      { name: 'tach_log_lines_dropped_total', help: 'Log lines that could not be written to the log file (they went to stderr).', type: 'counter', samples: [{ labels: {}, value: view.logLinesDropped }] },
    ];
    if (view.freeBytes !== null) families.push(gauge('tach_store_free_bytes', "Free bytes on the data dir's file system.", view.freeBytes));
    if (this.#lastBackup?.kind === 'made') families.push(gauge('tach_store_last_backup_timestamp_seconds', 'When the newest store backup was made.', Math.floor(this.#lastBackup.at / 1000)));
    return families;
  }

  #clearFull(): void {
    this.#free = (this.#o.freeBytes ?? freeBytes)(this.#o.dataDir);
    this.#fullSince = undefined;
    this.#freeAtFull = undefined;
    this.#o.log.info('the data dir has room again: storing resumes', { dataDir: this.#o.dataDir });
    this.#changed();
  }

  #changed(): void {
    const view = this.view();
    if (view.state === this.#lastState) return;
    this.#lastState = view.state;
    this.#o.onChange?.(view);
  }

  #schedule(): void {
    this.#timer = setTimeout(() => {
      try {
        this.refresh();
      } finally {
        this.#schedule();
      }
    }, this.#o.pollMs ?? 5_000);
    this.#timer.unref();
  }

  #now(): number {
    return (this.#o.now ?? Date.now)();
  }
}
