import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../engine/kernel/data-dir.ts';
import { logOptionsFromEnv, type LogOptions } from '../engine/kernel/logging/logger.ts';
import { isLoopbackName } from './host-header.ts';

export interface HeadlessOptions {
  host: string;
  port: number;
  dataDir: string;
  token: string | undefined;
  log: LogOptions;
}

export const USAGE = `Usage: npm run serve -- [options]

  --host HOST         address to listen on (default 127.0.0.1; any other needs --token)
  --port PORT         port (default 7420; 0 picks a free one)
  --data DIR          data directory (default: the desktop app's, ${defaultDataDir()})
  --token TOKEN       require this token on every request (or set TACH_TOKEN)
  --log-level LEVEL   debug, info, warn or error (default info)
  --log-max-size SIZE rotate the log file at this size, e.g. 10M (default 10M)
  --log-files N       rotated log files to keep (default 5)
  --help              this text`;

export class UsageError extends Error {}

/** Parses the command line; every mistake is a UsageError with a sentence saying what to fix. */
export function parseHeadlessOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): HeadlessOptions | 'help' {
  const logDefaults = logOptionsFromEnv(env);
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '7420' },
        data: { type: 'string' },
        token: { type: 'string' },
        'log-level': { type: 'string', default: logDefaults.level },
        'log-max-size': { type: 'string', default: logDefaults.maxSize },
        'log-files': { type: 'string', default: String(logDefaults.maxFiles) },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  const port = values.port.trim() === '' ? Number.NaN : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0-65535, not "${values.port}".`);
  const token = values.token ?? (env.TACH_TOKEN || undefined);
  if (!isLoopbackName(values.host) && !token) {
    throw new UsageError(
      `Listening on ${values.host} makes Tach reachable from other machines: give it a token with --token (or TACH_TOKEN).`,
    );
  }
  if (!['trace', 'debug', 'info', 'warn', 'error', 'fatal'].includes(values['log-level'])) {
    throw new UsageError(`--log-level must be debug, info, warn or error, not "${values['log-level']}".`);
  }
  if (!/^\d+[BKMG]$/.test(values['log-max-size'])) {
    throw new UsageError(`--log-max-size takes a number and a unit (B, K, M, G), like 10M, not "${values['log-max-size']}".`);
  }
  const files = Number(values['log-files']);
  if (!Number.isInteger(files) || files < 1) throw new UsageError(`--log-files must be a whole number of at least 1.`);
  return {
    host: values.host,
    port,
    dataDir: resolve(values.data ?? defaultDataDir(env)),
    token,
    log: { level: values['log-level'], maxSize: values['log-max-size'], maxFiles: files, stderr: true },
  };
}
