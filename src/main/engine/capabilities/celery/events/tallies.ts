// Counters the reducer keeps up to date as it goes, so reading them never walks the tasks.
// Keys come off the wire (task names, event types), so snapshots are built with
// Object.fromEntries, which defines '__proto__' as an ordinary key instead of setting
// the prototype.

/** Counts per key; a key whose count falls to zero is dropped, so the map stays as small
 * as the set of keys currently in use. */
export class Tally {
  readonly #counts = new Map<string, number>();

  add(key: string, by = 1): void {
    const next = (this.#counts.get(key) ?? 0) + by;
    if (next === 0) this.#counts.delete(key);
    else this.#counts.set(key, next);
  }

  get(key: string): number {
    return this.#counts.get(key) ?? 0;
  }

  clear(): void {
    this.#counts.clear();
  }

  toRecord(): Record<string, number> {
    return Object.fromEntries(this.#counts);
  }
}

export interface TaskCounts {
  /** Tasks in memory. */
  total: number;
  byState: Record<string, number>;
  /** Tasks whose name is known; a task seen only through task-started has none yet. */
  byName: Record<string, number>;
}

export interface EventCounts {
  total: number;
  /** Events of types Tach does not model (counted in byType too). */
  generic: number;
  byType: Record<string, number>;
}
