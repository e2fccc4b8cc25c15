/** Bits per key before the filter doubles: about 1% false positives with five probes. */
const MIN_BITS_PER_KEY = 10;
/** Bits per key right after a (re)build. */
const BUILD_BITS_PER_KEY = 20;
const PROBES = 5;
const MIN_BITS = 2 ** 20;
const TWO_32 = 2 ** 32;

export interface StoredKeys {
  count(): number;
  /** Every stored [deploymentId, uuidKey], streamed. */
  each(): Iterable<readonly [number, number]>;
}

/**
 * A Bloom filter of the keys in a set of key levels (deployment, 53-bit key): Celery task ids,
 * notification message ids. Kept by the store writer so that an id it has never stored (nearly
 * every one, at full ingest) costs no look-up in the three levels: the filter answers "certainly
 * not stored" for it. A "maybe" is checked in SQLite.
 *
 * Sound only while every stored key passes through `add`: the single writer inserts every row,
 * and the filter is filled from the store when it is first used and whenever it doubles. Keys it
 * holds for rows no longer stored (a rolled-back batch, retention, a deleted deployment) only cost
 * a look-up. About 2.5 bytes per stored key.
 */
export class KeyFilter {
  readonly #stored: StoredKeys;
  #bits = new Uint32Array(0);
  #mask = 0;
  #count = 0;
  #built = false;

  /** `stored` is what the filter is filled from, when first used and when it doubles. */
  constructor(stored: StoredKeys) {
    this.#stored = stored;
  }

  mightContain(deploymentId: number, key: number): boolean {
    if (!this.#built) this.#rebuild(0);
    const { h1, h2 } = hashes(deploymentId, key);
    for (let i = 0; i < PROBES; i += 1) {
      const bit = (h1 + Math.imul(i, h2)) & this.#mask;
      if ((this.#bits[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }

  add(deploymentId: number, key: number): void {
    if (!this.#built) this.#rebuild(0);
    this.#set(deploymentId, key);
    this.#count += 1;
    if (this.#count * MIN_BITS_PER_KEY > this.#mask + 1) this.#rebuild(this.#count);
  }

  get sizeBytes(): number {
    return this.#bits.byteLength;
  }

  #rebuild(atLeast: number): void {
    const wanted = Math.max(MIN_BITS, Math.max(this.#stored.count(), atLeast) * BUILD_BITS_PER_KEY);
    const bits = 2 ** Math.ceil(Math.log2(wanted));
    this.#bits = new Uint32Array(bits / 32);
    this.#mask = bits - 1;
    let count = 0;
    for (const [deploymentId, key] of this.#stored.each()) {
      this.#set(deploymentId, key);
      count += 1;
    }
    this.#count = count;
    this.#built = true;
  }

  #set(deploymentId: number, key: number): void {
    const { h1, h2 } = hashes(deploymentId, key);
    for (let i = 0; i < PROBES; i += 1) {
      const bit = (h1 + Math.imul(i, h2)) & this.#mask;
      this.#bits[bit >>> 5]! |= 1 << (bit & 31);
    }
  }
}

// Double hashing (Kirsch-Mitzenmacher) over the key's two halves: uuidKey is already a hash, so
// its low 32 bits serve as one; the high 21, mixed with the deployment, give an odd step.
// One reused result object: this runs for every task at full ingest, and callers read it at once.
const scratch = { h1: 0, h2: 0 };
function hashes(deploymentId: number, key: number): { h1: number; h2: number } {
  const low = key % TWO_32;
  const high = (key - low) / TWO_32;
  scratch.h1 = (low ^ Math.imul(deploymentId, 0x85ebca6b)) >>> 0;
  scratch.h2 = (Math.imul(high ^ (deploymentId << 21), 0x9e3779b1) | 1) >>> 0;
  return scratch;
}
