/**
 * kombu's LamportClock: forward() before every send, adjust() on every receive. Workers
 * forward their own clock on each request anyway, so ours only keeps the headers honest.
 */
export class LamportClock {
  #value = 0;

  get value(): number {
    return this.#value;
  }

  forward(): number {
    this.#value += 1;
    return this.#value;
  }

  adjust(other: number): number {
    this.#value = Math.max(this.#value, Number.isFinite(other) ? other : 0) + 1;
    return this.#value;
  }
}
