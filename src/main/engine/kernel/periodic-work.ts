/**
 * Periodic work on chained timeouts, never setInterval: a slow run never overlaps the next one,
 * the delay is read again before each wait (settings apply without a restart), and a run that
 * throws (or rejects) is reported and does not stop the schedule. A run may be async: the next
 * wait starts when it settles. `stop()` clears every pending timeout and resolves once the runs
 * in flight have settled, so nothing a run touches is closed under it.
 */
export class PeriodicWork {
  readonly #onError: (error: unknown) => void;
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #inFlight = new Set<Promise<void>>();
  #stopped = false;

  constructor(onError: (error: unknown) => void) {
    this.#onError = onError;
  }

  every(delayMs: number | (() => number), run: (() => void) | (() => Promise<void>)): void {
    const delay = typeof delayMs === 'number' ? () => delayMs : delayMs;
    const schedule = () => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        if (this.#stopped) return;
        let result: unknown;
        try {
          result = run();
        } catch (error) {
          this.#onError(error);
        }
        if (!(result instanceof Promise)) {
          if (!this.#stopped) schedule();
          return;
        }
        const running: Promise<void> = result.catch(this.#onError).finally(() => {
          this.#inFlight.delete(running);
          if (!this.#stopped) schedule();
        });
        this.#inFlight.add(running);
      }, delay());
      this.#timers.add(timer);
    };
    schedule();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    await Promise.all(this.#inFlight);
  }
}
