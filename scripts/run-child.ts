import { spawn } from 'node:child_process';
import { StopRequests, signalExitCode } from '../src/main/headless/stop-signals.ts';

/** How often the launcher checks that whoever started it is still there. */
const PARENT_CHECK_MS = 250;

/**
 * Runs a child with our terminal, passes Ctrl-C/SIGTERM on, and exits with its code.
 *
 * The child stays in our process group, so that Ctrl-C, a service manager and `kill -- -PGID`
 * reach it as they reach us. A signal sent to us alone must still reach it, and we cannot tell
 * which of the two we got, so we pass on the first one and any asked again later; the copies one
 * delivery makes are dropped here and in the engine by one rule (`StopRequests`).
 *
 * `npm run` starts us through `sh -c`. On SIGTERM to npm's pid (what a service manager sends to
 * its main pid) npm passes the signal to that shell only, and the shell dies of it without passing
 * it on: we learn of it only by being re-parented, and take it as a stop request. Only under npm
 * (or another runner that sets `npm_lifecycle_event`): started otherwise, as `node scripts/serve.ts &`
 * from a login shell say, outliving the parent is what was asked for.
 */
export function runChild(command: string, args: string[], cwd: string): void {
  const child = spawn(command, args, { cwd, stdio: 'inherit' });
  const requests = new StopRequests();
  const forward = (signal: NodeJS.Signals) => {
    if (requests.receive() !== 'same') child.kill(signal);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);

  if (process.env.npm_lifecycle_event) {
    const parent = process.ppid;
    const checkParent = () => {
      if (process.ppid === parent) setTimeout(checkParent, PARENT_CHECK_MS).unref();
      else if (!requests.requested) forward('SIGTERM');
    };
    setTimeout(checkParent, PARENT_CHECK_MS).unref();
  }

  child.on('exit', (code, signal) => process.exit(code ?? (signal ? signalExitCode(signal) : 1)));
}
