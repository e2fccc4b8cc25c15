/**
 * Periodic work on chained timeouts, never setInterval: a slow run never overlaps the next one,
 * the delay is read again before each wait (settings apply without a restart), and a run that
 * throws is reported and does not stop the schedule. `stop()` clears every pending timeout.
 */
export class PeriodicWork {
  readonly #onError: (error: unknown) => void;
  readonly #timers = new Set<NodeJS.Timeout>();
  #stopped = false;

  constructor(onError: (error: unknown) => void) {
    this.#onError = onError;
  }

  every(delayMs: number | (() => number), run: () => void): void {
    const delay = typeof delayMs === 'number' ? () => delayMs : delayMs;
    const schedule = () => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        if (this.#stopped) return;
        try {
          run();
        } catch (error) {
          this.#onError(error);
        }
        if (!this.#stopped) schedule();
      }, delay());
      this.#timers.add(timer);
    };
    schedule();
  }

  stop(): void {
    this.#stopped = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
