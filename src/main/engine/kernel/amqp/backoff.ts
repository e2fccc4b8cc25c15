export interface BackoffPolicy {
  /** The ceiling of the first delay. */
  initialMs: number;
  /** The ceiling never grows past this. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 30_000 };

/**
 * "Full jitter": uniform in [0, min(max, initial * 2^(failures-1))]. After a broker restart every
 * console and worker reconnects at once; spreading the whole interval (not ±20 %) keeps them
 * from arriving in waves, and the expected delay still doubles.
 */
export function fullJitterDelay(failures: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.max(0, failures - 1);
  // 2 ** 1075 is Infinity; cap the exponent so the ceiling stays a number.
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(exponent, 52));
  return Math.floor(random() * ceiling);
}

/** Counts consecutive failures; `reset()` once something has stayed healthy long enough. */
export class Backoff {
  readonly #policy: BackoffPolicy;
  readonly #random: () => number;
  #failures = 0;

  constructor(policy: BackoffPolicy, random: () => number = Math.random) {
    this.#policy = policy;
    this.#random = random;
  }

  get failures(): number {
    return this.#failures;
  }

  /** Records a failure and returns how long to wait before the next try. */
  next(): number {
    this.#failures += 1;
    return fullJitterDelay(this.#failures, this.#policy, this.#random);
  }

  reset(): void {
    this.#failures = 0;
  }
}

/** A policy from partial options, with the ceiling never below the first delay. */
export function backoffPolicy(options: Partial<BackoffPolicy> | undefined): BackoffPolicy {
  const initialMs = positiveOr(options?.initialMs, DEFAULT_BACKOFF.initialMs);
  return { initialMs, maxMs: Math.max(initialMs, positiveOr(options?.maxMs, DEFAULT_BACKOFF.maxMs)) };
}

function positiveOr(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** "0.3 s", "4 s", "4.5 s", "27 s": precise where it matters to a person watching. */
export function formatDelay(ms: number): string {
  const seconds = ms / 1000;
  if (seconds >= 10) return `${Math.round(seconds)} s`;
  return `${Number(seconds.toFixed(1))} s`;
}
