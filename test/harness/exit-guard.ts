// Last-resort cleanup. Graceful stops are async and only happen when someone awaits them;
// if the runner crashes, calls process.exit() from its own signal handler, or a script
// forgets to stop, the 'exit' event is the last moment we can still act, and only
// synchronously. Whatever is registered here must be cheap and must not throw.

type SyncCleanup = () => void;

const cleanups = new Set<SyncCleanup>();
let installed = false;

function runAll(): void {
  for (const cleanup of [...cleanups].reverse()) {
    try {
      cleanup();
    } catch {
      // best effort: one failure must not stop the others
    }
  }
  cleanups.clear();
}

/** Registers a synchronous cleanup to run when the Node process exits; returns an unregister function. */
export function onProcessExit(cleanup: SyncCleanup): () => void {
  if (!installed) {
    installed = true;
    process.on('exit', runAll);
  }
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
  };
}

const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
type StopSignal = keyof typeof SIGNAL_EXIT_CODES;

/**
 * Runs `stop` when the process is interrupted, then exits with the conventional code.
 * Adding a listener disables Node's default "die on signal", so we must exit ourselves;
 * a second signal while stopping exits at once (the exit hooks still SIGKILL the rest).
 * Returns a function that removes the handlers again.
 */
export function stopOnSignals(stop: () => Promise<void>, graceMs = 30_000): () => void {
  let stopping = false;
  const handler = (signal: StopSignal): void => {
    if (stopping) process.exit(SIGNAL_EXIT_CODES[signal]);
    stopping = true;
    const timer = setTimeout(() => process.exit(SIGNAL_EXIT_CODES[signal]), graceMs);
    stop()
      .catch((error: unknown) => console.error(`[harness] cleanup after ${signal} failed:`, error))
      .finally(() => {
        clearTimeout(timer);
        process.exit(SIGNAL_EXIT_CODES[signal]);
      });
  };
  const signals = Object.keys(SIGNAL_EXIT_CODES) as StopSignal[];
  for (const signal of signals) process.on(signal, handler);
  return () => {
    for (const signal of signals) process.off(signal, handler);
  };
}
