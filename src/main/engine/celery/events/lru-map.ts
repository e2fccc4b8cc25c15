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
    const oldest = this.#map.keys().next();
    if (oldest.done === true) return undefined;
    const evicted = this.#map.get(oldest.value);
    this.#map.delete(oldest.value);
    return evicted;
  }

  delete(key: K): boolean {
    if (key === this.#newest) this.#newest = undefined;
    return this.#map.delete(key);
  }

  clear(): void {
    this.#map.clear();
    this.#newest = undefined;
  }

  /** Least recently used first. */
  values(): MapIterator<V> {
    return this.#map.values();
  }
}
