/**
 * A ring of bytes in a SharedArrayBuffer, written by a notification consumer on the engine's
 * thread and read by the store writer's thread: the bodies of a batch reach the writer without
 * a copy per batch. Copying each batch into a buffer of its own (and the writer's structured
 * clone of it) allocated a few MB of ArrayBuffers per second on both threads at full ingest,
 * and V8 answers external memory growing that fast with a full collection every few hundred
 * milliseconds (measured: 12 in a 3 s drain on the engine's thread, 1 with the ring).
 *
 * One producer, one consumer, in order: the consumer's batches are committed in the order they
 * were taken, so the writer gives space back by moving one mark, `released`, past each batch
 * once it is committed or failed. A body is never split across the end of the ring: if it does
 * not fit before the end, the tail is skipped. When the ring is full, `write` says so and the
 * caller keeps the body elsewhere (nothing waits on the other thread).
 */
export class DeliveryRing {
  /** Header (the released mark), then the data. */
  readonly buffer: SharedArrayBuffer;
  /** The ring's data, as a view the writer reads bodies from. */
  readonly data: Uint8Array;
  readonly #released: BigInt64Array;
  /** Bytes written since the ring was made (a position, not an offset: it only grows). */
  #written = 0;
  /** The released mark as last read: it only grows, so room found with it is there. */
  #releasedSeen = 0;

  constructor(size: number) {
    this.buffer = new SharedArrayBuffer(HEADER_BYTES + size);
    this.#released = new BigInt64Array(this.buffer, 0, 1);
    this.data = new Uint8Array(this.buffer, HEADER_BYTES, size);
  }

  /** How far the ring has been written: what a batch taken now gives back once committed. */
  get written(): number {
    return this.#written;
  }

  /** Copies `body` in and returns its offset in `data`, or -1 if the ring has no room for it now. */
  write(body: Uint8Array): number {
    const size = this.data.length;
    let offset = this.#written % size;
    // The tail before the end is skipped when the body does not fit in it: it is free again once released.
    const skip = offset + body.length > size ? size - offset : 0;
    // The mark is read again only when the ring looks full by the last reading: not once per body.
    if (skip + body.length > size - (this.#written - this.#releasedSeen)) {
      this.#releasedSeen = Number(Atomics.load(this.#released, 0));
      if (skip + body.length > size - (this.#written - this.#releasedSeen)) return -1;
    }
    if (skip > 0) offset = 0;
    this.data.set(body, offset);
    this.#written += skip + body.length;
    return offset;
  }
}

const HEADER_BYTES = 8;

/** What a batch holds of a ring: everything written up to `through` is free once the batch is committed or failed. */
export interface RingRelease {
  ring: SharedArrayBuffer;
  through: number;
}

/** Gives a batch's ring space back (on the writer's thread, after its commit or its failure). */
export function releaseRing({ ring, through }: RingRelease): void {
  Atomics.store(new BigInt64Array(ring, 0, 1), 0, BigInt(through));
}
