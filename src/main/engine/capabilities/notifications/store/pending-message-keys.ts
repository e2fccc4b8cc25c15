/** A notification still in its block: its deployment, message key (nova-event-keys.ts) and event id. */
export type PendingEvent = readonly [deploymentId: number, key: number, id: number];

const NONE: readonly number[] = [];

/**
 * The message keys of the notifications committed in blocks whose rows are not written yet, and
 * their event ids: how the store writer knows a redelivery of one of them. Their keys go into the
 * key levels with their rows (notification-writes.ts), not at ingest: a key-level insert cost
 * more than half of committing a notification while a backlog drains, and the rows follow
 * within seconds. Kept by the single writer, in memory; what is pending is bounded by the writer
 * (at most about 100,000 events behind), and filled from the store's blocks when first used.
 *
 * A key maps to ids, compared with the block's own message ids by the caller: a hash collision
 * costs a comparison, never a wrong answer, and so does a stale id (a rolled-back batch).
 */
export class PendingMessageKeys {
  readonly #stored: () => Iterable<PendingEvent>;
  /** Per deployment, key -> event id, or ids when keys collide. Null until filled from the store. */
  #byDeployment: Map<number, Map<number, number | number[]>> | null = null;

  /** `stored`: every pending event in the store, for the first use and after `forget`. */
  constructor(stored: () => Iterable<PendingEvent>) {
    this.#stored = stored;
  }

  add(deploymentId: number, key: number, id: number): void {
    const byDeployment = this.#filled();
    let byKey = byDeployment.get(deploymentId);
    if (!byKey) {
      byKey = new Map();
      byDeployment.set(deploymentId, byKey);
    }
    const ids = byKey.get(key);
    if (ids === undefined) byKey.set(key, id);
    else if (typeof ids === 'number') byKey.set(key, [ids, id]);
    else ids.push(id);
  }

  /** The ids of pending events of the deployment whose message key is `key`. */
  ids(deploymentId: number, key: number): readonly number[] {
    const ids = this.#filled().get(deploymentId)?.get(key);
    return ids === undefined ? NONE : typeof ids === 'number' ? [ids] : ids;
  }

  /** The event's row (and its key in the levels) is written: it is no longer pending. */
  remove(deploymentId: number, key: number, id: number): void {
    const byKey = this.#filled().get(deploymentId);
    const ids = byKey?.get(key);
    if (!byKey || ids === undefined) return;
    if (typeof ids === 'number') {
      if (ids === id) byKey.delete(key);
    } else {
      const left = ids.filter((other) => other !== id);
      byKey.set(key, left.length === 1 ? left[0]! : left);
    }
    if (byKey.size === 0) this.#byDeployment?.delete(deploymentId);
  }

  /** Every block's rows are written: nothing is pending (stale ids of rolled-back batches go too). */
  clear(): void {
    this.#byDeployment = new Map();
  }

  /** After a rolled-back transaction: filled from the store again when next used. */
  forget(): void {
    this.#byDeployment = null;
  }

  #filled(): Map<number, Map<number, number | number[]>> {
    if (this.#byDeployment) return this.#byDeployment;
    this.#byDeployment = new Map();
    for (const [deploymentId, key, id] of this.#stored()) this.add(deploymentId, key, id);
    return this.#byDeployment;
  }
}
