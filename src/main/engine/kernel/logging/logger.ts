import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { pino, type Logger as Pino } from 'pino';
import { createStream } from 'rotating-file-stream';
import { FileSink, type LogFileStatus } from './file-sink.ts';
import { redactUrls } from '../deployments/connection-urls.ts';

export type LogFields = Record<string, unknown>;

/** The engine's logging surface: structured, and credentials never reach a sink. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(bindings: LogFields): Logger;
  /** Flushes the file sink; call last at shutdown. */
  close(): Promise<void>;
}

export interface LogOptions {
  level: string;
  /** Rotate when the file reaches this size, e.g. "10M" (rotating-file-stream units: B, K, M, G). */
  maxSize: string;
  /** How many rotated files to keep beside the live one. */
  maxFiles: number;
  /** Also write to stderr (on for the headless console, where stderr is the terminal). */
  stderr: boolean;
}

export const DEFAULT_LOG_OPTIONS: LogOptions = { level: 'info', maxSize: '10M', maxFiles: 5, stderr: true };

/**
 * TACH_LOG_LEVEL, TACH_LOG_MAX_SIZE and TACH_LOG_FILES override the defaults for both doors (the
 * desktop app has no command line to speak of); the headless console's flags override these.
 */
export function logOptionsFromEnv(env: NodeJS.ProcessEnv, base: LogOptions = DEFAULT_LOG_OPTIONS): LogOptions {
  const files = Number(env.TACH_LOG_FILES);
  return {
    ...base,
    level: env.TACH_LOG_LEVEL || base.level,
    maxSize: env.TACH_LOG_MAX_SIZE || base.maxSize,
    maxFiles: Number.isInteger(files) && files > 0 ? files : base.maxFiles,
  };
}

// Field names whose values are secrets wherever they appear in a log record.
const SECRET_PATHS = ['password', '*.password', 'managementPassword', '*.managementPassword', 'token', '*.token'];

/** The logger of a door: its log file's state is reported in `GET /metrics`. */
export interface FileLogger extends Logger {
  readonly file: LogFileStatus;
}

/**
 * Writes JSON lines to `<dataDir>/logs/tach.log` (size-rotated) and optionally stderr. Logging
 * never ends the process: a log file that cannot be written (a full disk) is closed and retried
 * (file-sink.ts), and its lines go to stderr meanwhile, whether or not stderr is a sink.
 */
export function createLogger(dataDir: string, options: LogOptions = DEFAULT_LOG_OPTIONS, sink: { open?: () => Writable; retryMs?: number } = {}): FileLogger {
  const logDir = join(dataDir, 'logs');
  const stderr = guardedStderr();
  const file = new FileSink({
    open:
      sink.open ??
      (() => {
        mkdirSync(logDir, { recursive: true });
        return createStream('tach.log', { path: logDir, size: options.maxSize, maxFiles: options.maxFiles });
      }),
    fallback: options.stderr ? undefined : stderr.write,
    // Logged on a later turn: this runs inside the sink's own write.
    notice: (message) => setImmediate(() => base.warn({ logDir }, message)),
    retryMs: sink.retryMs,
  });
  const streams: pino.StreamEntry[] = [{ stream: file, level: options.level as pino.Level }];
  if (options.stderr) streams.push({ stream: stderr, level: options.level as pino.Level });
  const base = pino(
    {
      level: options.level,
      redact: { paths: SECRET_PATHS, censor: '****' },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: serializeError },
    },
    pino.multistream(streams),
  );
  return Object.assign(wrap(base, () => file.close()), { file });
}

/**
 * stderr as a sink: a closed pipe (the terminal gone, a log collector restarted) makes it emit
 * 'error', which must not end the process either. Lines written meanwhile are lost.
 */
function guardedStderr(): { write: (line: string) => boolean } {
  if (process.stderr.listenerCount('error') === 0) process.stderr.on('error', () => {});
  return {
    write: (line: string) => {
      try {
        return process.stderr.write(line);
      } catch {
        return false;
      }
    },
  };
}

/** A logger that drops everything, for unit tests. */
export function silentLogger(): Logger {
  return wrap(pino({ level: 'silent' }), async () => {});
}

function wrap(target: Pino, close: () => Promise<void>): Logger {
  const emit = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, fields?: LogFields) =>
    target[level](fields ? scrub(fields) : {}, redactUrls(message));
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (bindings) => wrap(target.child(scrub(bindings)), close),
    close,
  };
}

const SCRUB_DEPTH = 5;

/**
 * URLs can hide in any string field at any depth (an error message, a connection target inside
 * an options object); fields named like secrets are masked whatever they hold. Errors are left
 * to the `err` serializer, which redacts their message and stack.
 */
function scrub(fields: LogFields): LogFields {
  return scrubValue(fields, 0) as LogFields;
}

function scrubValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactUrls(value);
  if (value === null || typeof value !== 'object' || value instanceof Error) return value;
  if (depth >= SCRUB_DEPTH) return '[nested too deep to log]';
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) && inner !== null && inner !== undefined ? '****' : scrubValue(inner, depth + 1);
  }
  return out;
}

const SECRET_KEY = /^(password|managementPassword|token|secret|authorization)$/i;

function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  return {
    type: error.name,
    message: redactUrls(error.message),
    code: (error as NodeJS.ErrnoException).code,
    stack: error.stack && redactUrls(error.stack),
  };
}
