import { DataDirBusyError } from '../engine/kernel/data-dir-lock.ts';
import { DatabaseTooNewError } from '../engine/kernel/store/migrate.ts';
import { StoreDamagedError } from '../engine/kernel/store/store-check.ts';
import { isDiskFull } from '../engine/kernel/store/disk-space.ts';
import { USAGE, UsageError, parseHeadlessOptions } from './options.ts';
import { startHeadless, type RunningHeadless } from './start-headless.ts';
import { StopRequests, signalExitCode } from './stop-signals.ts';

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

  // Listening before anything starts: a signal with no handler kills at once, and one may come
  // while the engine starts or right after the ready line. A stop asked for during the start
  // happens once the engine has started, so that nothing is cut off half-way.
  const requests = new StopRequests();
  let running: RunningHeadless | undefined;
  let pending: NodeJS.Signals | undefined;
  const shutdown = (signal: NodeJS.Signals) => {
    const verdict = requests.receive();
    if (verdict === 'same') return;
    if (verdict === 'force') {
      running?.log.warn('stopping now, without finishing the graceful stop', { signal });
      process.exit(signalExitCode(signal));
    }
    if (running) stop(running, signal);
    else pending = signal;
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

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
  if (pending) stop(running, pending);
}

function stop(running: RunningHeadless, signal: NodeJS.Signals): void {
  running.log.info('shutting down', { signal });
  running.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`Tach did not stop cleanly: ${String(error)}\n`);
      process.exit(1);
    },
  );
}

function startupProblem(error: unknown, host: string, port: number): string {
  if (error instanceof DataDirBusyError || error instanceof DatabaseTooNewError || error instanceof StoreDamagedError) return error.message;
  const code = (error as NodeJS.ErrnoException).code;
  if (isDiskFull(error as Error)) {
    return `the disk holding the data directory is full (${(error as Error).message}). Free some space there and start Tach again; nothing was lost.`;
  }
  if (code === 'EADDRINUSE') return `port ${port} on ${host} is already in use; pick another with --port.`;
  if (code === 'EADDRNOTAVAIL') return `${host} is not an address of this machine.`;
  if (code === 'EACCES') return `not allowed to listen on ${host}:${port} (ports below 1024 need privileges) or to write the data directory.`;
  return error instanceof Error ? error.message : String(error);
}

await main();
