// Two connections write to the store: the engine thread's (settings, alerts, queue samples, camera
// snapshots, retention) and the store writer thread's (ingest). Under sustained ingest the writer
// begins its next transaction microseconds after committing the last, while SQLite's busy handler
// polls with sleeps of up to 100 ms: it almost never finds the lock free, so an engine write waited
// and then failed with "database is locked" (camera snapshots lost at 50k Celery events/s, bench).
//
// The turn is a hand-off between the two threads through shared memory. The engine announces a
// write and waits for the writer's current transaction to end; the writer checks for an announced
// write before each transaction and holds back until it is done. Both sides publish first and read
// second (sequentially consistent atomics), so at least one of them sees the other; if a race slips
// through, SQLite's own lock and busy timeout still keep the store correct, only slower.

/** Slots of the shared Int32Array. */
const ENGINE_WANTS = 0;
const WRITER_WRITING = 1;

/** The writer holds back at most this long per transaction, so a stuck engine write cannot stall ingest. */
const WRITER_MAX_WAIT_MS = 1_000;

export class WriteTurn {
  readonly buffer: SharedArrayBuffer;
  readonly #slots: Int32Array;

  /** Pass the engine's `buffer` to the writer thread, which builds its side from it. */
  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT)) {
    this.buffer = buffer;
    this.#slots = new Int32Array(buffer);
  }

  /** Engine side: runs a write once the writer's current transaction (if any) has ended. */
  take<T>(write: () => T, maxWaitMs = 5_000): T {
    const slots = this.#slots;
    Atomics.add(slots, ENGINE_WANTS, 1);
    try {
      Atomics.wait(slots, WRITER_WRITING, 1, maxWaitMs);
      return write();
    } finally {
      Atomics.sub(slots, ENGINE_WANTS, 1);
      Atomics.notify(slots, ENGINE_WANTS);
    }
  }

  /**
   * Engine side, when the writer thread has exited: a thread that died inside a transaction (a
   * native crash skips its \`finally\`) would otherwise leave every engine write waiting its full time.
   */
  writerGone(): void {
    Atomics.store(this.#slots, WRITER_WRITING, 0);
    Atomics.notify(this.#slots, WRITER_WRITING);
  }

  /** Writer side: runs a transaction, first letting an announced engine write go ahead. */
  hold<T>(transaction: () => T): T {
    const slots = this.#slots;
    const deadline = performance.now() + WRITER_MAX_WAIT_MS;
    for (;;) {
      Atomics.store(slots, WRITER_WRITING, 1);
      const wanting = Atomics.load(slots, ENGINE_WANTS);
      const left = deadline - performance.now();
      if (wanting === 0 || left <= 0) break;
      Atomics.store(slots, WRITER_WRITING, 0);
      Atomics.notify(slots, WRITER_WRITING);
      Atomics.wait(slots, ENGINE_WANTS, wanting, left);
    }
    try {
      return transaction();
    } finally {
      Atomics.store(slots, WRITER_WRITING, 0);
      Atomics.notify(slots, WRITER_WRITING);
    }
  }
}
