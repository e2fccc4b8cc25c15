import { constants } from 'node:os';

/**
 * How long after a first stop signal another one still counts as the same request.
 *
 * One Ctrl-C or one service-manager stop reaches the engine more than once: the terminal and
 * systemd's default KillMode signal every process of the console at once, and the launcher
 * (`scripts/run-child.ts`) also passes on what it got, since it cannot tell a signal sent to the
 * whole group from one sent to it alone (Node does not say who sent a signal). Those copies land
 * within milliseconds of each other. An operator who asks again, after the stop has visibly begun,
 * does so seconds later, and means "now". One second separates the two with a wide margin and is
 * still short enough that a second Ctrl-C is not ignored for long. A copy that reached the
 * engine's event loop late because the loop was busy would be counted as a second request: the
 * first handler only starts asynchronous work, so the loop is free again within milliseconds.
 */
export const SAME_REQUEST_MS = 1000;

/** `stop`: the first request, stop gracefully. `same`: a copy of it, ignore. `force`: asked again, stop now. */
export type StopVerdict = 'stop' | 'same' | 'force';

/** Classifies each SIGINT/SIGTERM a process receives, by the rule above. */
export class StopRequests {
  #first: number | undefined;
  readonly #now: () => number;

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  get requested(): boolean {
    return this.#first !== undefined;
  }

  receive(): StopVerdict {
    const now = this.#now();
    if (this.#first === undefined) {
      this.#first = now;
      return 'stop';
    }
    return now - this.#first < SAME_REQUEST_MS ? 'same' : 'force';
  }
}

/** The exit status a process killed by `signal` would have, as shells report it (SIGINT 130, SIGTERM 143). */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}
