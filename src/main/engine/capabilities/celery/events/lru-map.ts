// A bounded map that forgets its least recently used entry. Built on Map's insertion
// order: a touch is delete + set, eviction takes the first key. Every operation is O(1)
// (amortised over V8's rehashing), whatever has passed through the map before. Flower's
// State slows down as history grows because its task heap evicts with list.pop(0); nothing
// here scans or shifts anything proportional to history.

export class LruMap<K, V> {
  readonly #limit: number;
  readonly #map = new Map<K, V>();
  // Bursts of events hit the same key (one task's received/started/succeeded), so
  // remembering the newest key skips the delete + set that would change nothing.
  #newest: K | undefined = undefined;
  // A fresh keys() iterator must step over every entry deleted from the front since V8 last
  // rehashed, which made each eviction cost up to the map's size (12% of the engine's time at
  // 50k events/s). A Map iterator is live: kept across calls, it stays on the oldest entry and
  // steps over each deleted one only once, so eviction is amortised O(1).
  #cursor: Iterator<K> | undefined = undefined;

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`LRU limit must be a positive integer, got ${limit}`);
    this.#limit = limit;
  }

  get limit(): number {
    return this.#limit;
  }

  get size(): number {
    return this.#map.size;
  }

  has(key: K): boolean {
    return this.#map.has(key);
  }

  /** Reads without changing the order (for views, not for events). */
  peek(key: K): V | undefined {
    return this.#map.get(key);
  }

  /** Reads and marks the entry most recently used. */
  get(key: K): V | undefined {
    const value = this.#map.get(key);
    if (value !== undefined && key !== this.#newest) {
      this.#map.delete(key);
      this.#map.set(key, value);
      this.#newest = key;
    }
    return value;
  }

  /**
   * Inserts or replaces `key` as most recently used. Returns the value evicted to stay
   * within the limit, if any, so the caller can deal with it (values carry their keys).
   */
  set(key: K, value: V): V | undefined {
    if (key !== this.#newest) this.#map.delete(key);
    this.#map.set(key, value);
    this.#newest = key;
    if (this.#map.size <= this.#limit) return undefined;
    const oldest = this.#oldestKey();
    if (oldest === undefined) return undefined;
    const evicted = this.#map.get(oldest);
    this.#map.delete(oldest);
    return evicted;
  }

  #oldestKey(): K | undefined {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      this.#cursor ??= this.#map.keys();
      const next = this.#cursor.next();
      if (next.done !== true) return next.value;
      this.#cursor = undefined;
    }
    return undefined;
  }

  delete(key: K): boolean {
    if (key === this.#newest) this.#newest = undefined;
    return this.#map.delete(key);
  }

  clear(): void {
    this.#map.clear();
    this.#newest = undefined;
    this.#cursor = undefined;
  }

  /** Least recently used first. */
  values(): MapIterator<V> {
    return this.#map.values();
  }
}
