/** Events per second over a sliding window of whole seconds; O(window) memory, O(1) per event. */
export class EventRate {
  readonly #buckets: number[];
  readonly #windowSeconds: number;
  #second = 0;

  constructor(windowSeconds = 5) {
    this.#windowSeconds = windowSeconds;
    this.#buckets = new Array<number>(windowSeconds).fill(0);
  }

  add(count: number, nowMs: number): void {
    this.#advance(nowMs);
    this.#buckets[this.#second % this.#windowSeconds]! += count;
  }

  perSecond(nowMs: number): number {
    this.#advance(nowMs);
    // The current second is partial: average over the full seconds before it.
    let sum = 0;
    for (let i = 1; i < this.#windowSeconds; i++) sum += this.#buckets[(this.#second - i + this.#windowSeconds * 2) % this.#windowSeconds]!;
    return sum / (this.#windowSeconds - 1);
  }

  #advance(nowMs: number): void {
    const second = Math.floor(nowMs / 1000);
    if (second <= this.#second) return;
    const steps = Math.min(second - this.#second, this.#windowSeconds);
    for (let i = 1; i <= steps; i++) this.#buckets[(this.#second + i) % this.#windowSeconds] = 0;
    this.#second = second;
  }
}
