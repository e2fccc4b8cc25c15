import type { Writable } from 'node:stream';

/** What `GET /metrics` and the health line say about the log file. */
export interface LogFileStatus {
  /** False while the file cannot be written (a full disk, a removed directory). */
  writable(): boolean;
  /** Lines that did not reach the file since start (written to stderr instead). */
  droppedLines(): number;
}

export interface FileSinkOptions {
  /** Opens the file stream (again, after a failure); may throw. */
  open: () => Writable;
  /** Where lines go while the file is down, when stderr is not a sink already. */
  fallback?: (line: string) => void;
  /** Tells the operator, once per outage, that the file failed or works again. */
  notice: (message: string) => void;
  /** How long to wait before opening the file again after it failed. */
  retryMs?: number;
}

const RETRY_MS = 30_000;

/**
 * The log file as one of pino's streams, which must never be able to end the process: the
 * rotating stream emits 'error' on ENOSPC (while writing or while rotating) and an 'error' event
 * nobody listens to is an uncaught exception. Here a failure closes the file; lines are counted
 * as dropped (and go to the fallback) until a retry opens it again.
 */
export class FileSink implements LogFileStatus {
  readonly #o: FileSinkOptions;
  #stream: Writable | undefined;
  #retry: NodeJS.Timeout | undefined;
  #dropped = 0;
  #droppedAtFailure = 0;
  /** Between a failure and the first line written after it: the operator was told once. */
  #outage = false;
  /** Reopened after a failure; the first line written successfully ends the outage. */
  #recovering = false;
  #closed = false;

  constructor(options: FileSinkOptions) {
    this.#o = options;
    this.#open();
  }

  writable(): boolean {
    return this.#stream !== undefined;
  }

  droppedLines(): number {
    return this.#dropped;
  }

  /** pino's stream interface: one serialized line per call. */
  write(line: string): boolean {
    const stream = this.#stream;
    if (!stream) {
      this.#dropped += 1;
      this.#o.fallback?.(line);
      return true;
    }
    try {
      if (this.#recovering) stream.write(line, (error) => this.#written(stream, error));
      else stream.write(line);
    } catch (error) {
      // A stream destroyed by an error it has not emitted yet throws on write in some versions.
      this.#fail(stream, error);
      this.#dropped += 1;
      this.#o.fallback?.(line);
    }
    return true;
  }

  /** Flushes and closes the file; no retry after this. */
  close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    const stream = this.#stream;
    this.#stream = undefined;
    if (!stream) return Promise.resolve();
    return new Promise((resolve) => {
      stream.once('error', () => resolve());
      stream.end(() => resolve());
    });
  }

  #written(stream: Writable, error: Error | null | undefined): void {
    if (error || !this.#recovering || this.#stream !== stream) return;
    this.#recovering = false;
    this.#outage = false;
    const lost = this.#dropped - this.#droppedAtFailure;
    this.#o.notice(`Tach writes its log file again; ${lost} line${lost === 1 ? '' : 's'} went to stderr only meanwhile.`);
  }

  #open(): void {
    let stream: Writable;
    try {
      stream = this.#o.open();
    } catch (error) {
      this.#scheduleRetry(error);
      return;
    }
    stream.on('error', (error) => this.#fail(stream, error));
    this.#stream = stream;
  }

  #fail(stream: Writable, error: unknown): void {
    if (this.#stream !== stream) return;
    this.#stream = undefined;
    // Still listening for 'error': destroying may emit more of them.
    stream.destroy();
    this.#scheduleRetry(error);
  }

  #scheduleRetry(error: unknown): void {
    if (this.#closed) return;
    this.#recovering = false;
    const retryMs = this.#o.retryMs ?? RETRY_MS;
    if (!this.#outage) {
      this.#outage = true;
      this.#droppedAtFailure = this.#dropped;
      const reason = error instanceof Error ? error.message : String(error);
      this.#o.notice(`Tach cannot write its log file (${reason}); logging to stderr only, trying the file again every ${Math.round(retryMs / 1000)} s.`);
    }
    this.#retry = setTimeout(() => this.#reopen(), retryMs);
    // A retry timer must not keep a stopping process alive.
    this.#retry.unref();
  }

  #reopen(): void {
    this.#retry = undefined;
    if (this.#closed) return;
    this.#open();
    if (this.#stream) this.#recovering = true;
  }
}
