import { DataDirBusyError } from '../engine/data-dir-lock.ts';
import { DatabaseTooNewError } from '../engine/store/migrate.ts';
import { StoreDamagedError } from '../engine/store/store-check.ts';
import { USAGE, UsageError, parseHeadlessOptions } from './options.ts';
import { startHeadless } from './start-headless.ts';

/** `npm run serve`: the headless console. Prints one line with its URL once it is ready. */
async function main(): Promise<void> {
  let options;
  try {
    options = parseHeadlessOptions(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${USAGE}\n`);
      process.exit(2);
    }
    throw error;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  let running;
  try {
    running = await startHeadless(options);
  } catch (error) {
    process.stderr.write(`Tach could not start: ${startupProblem(error, options.host, options.port)}\n`);
    process.exit(1);
  }
  process.stdout.write(`Tach headless console ready at ${running.url} (data: ${options.dataDir})\n`);
  if (options.token) {
    process.stdout.write('It needs its token: open the URL with ?token=YOUR_TOKEN; scripts send "Authorization: Bearer YOUR_TOKEN".\n');
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) process.exit(130); // a second Ctrl-C means now
    stopping = true;
    running.log.info('shutting down', { signal });
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Tach did not stop cleanly: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

function startupProblem(error: unknown, host: string, port: number): string {
  if (error instanceof DataDirBusyError || error instanceof DatabaseTooNewError || error instanceof StoreDamagedError) return error.message;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return `the disk holding the data directory is full (${(error as Error).message}). Free some space there and start Tach again; nothing was lost.`;
  }
  if (code === 'EADDRINUSE') return `port ${port} on ${host} is already in use; pick another with --port.`;
  if (code === 'EADDRNOTAVAIL') return `${host} is not an address of this machine.`;
  if (code === 'EACCES') return `not allowed to listen on ${host}:${port} (ports below 1024 need privileges) or to write the data directory.`;
  return error instanceof Error ? error.message : String(error);
}

await main();
