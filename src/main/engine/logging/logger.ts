import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pino, type Logger as Pino } from 'pino';
import { createStream } from 'rotating-file-stream';
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

// Field names whose values are secrets wherever they appear in a log record.
const SECRET_PATHS = ['password', '*.password', 'managementPassword', '*.managementPassword', 'token', '*.token'];

/** Writes JSON lines to `<dataDir>/logs/tach.log` (size-rotated) and optionally stderr. */
export function createLogger(dataDir: string, options: LogOptions = DEFAULT_LOG_OPTIONS): Logger {
  const logDir = join(dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const file = createStream('tach.log', { path: logDir, size: options.maxSize, maxFiles: options.maxFiles });
  const streams: pino.StreamEntry[] = [{ stream: file, level: options.level as pino.Level }];
  if (options.stderr) streams.push({ stream: process.stderr, level: options.level as pino.Level });
  const base = pino(
    {
      level: options.level,
      redact: { paths: SECRET_PATHS, censor: '****' },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: serializeError },
    },
    pino.multistream(streams),
  );
  return wrap(base, () => new Promise<void>((resolve) => file.end(() => resolve())));
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

/** URLs can hide in any string field (an error message, a connection target). */
function scrub(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) out[key] = typeof value === 'string' ? redactUrls(value) : value;
  return out;
}

function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  return {
    type: error.name,
    message: redactUrls(error.message),
    code: (error as NodeJS.ErrnoException).code,
    stack: error.stack && redactUrls(error.stack),
  };
}
