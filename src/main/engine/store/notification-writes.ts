import type { Database, Statement } from 'better-sqlite3';
import type { DerivableEvent } from './notification-derivations.ts';
import { deriveFrom } from './notification-derivations.ts';
import { writeTransaction } from './database.ts';
import { KeyFilter } from './key-filter.ts';
import { KeyLevels, NOVA_EVENT_KEYS, type KeyLevelLimits } from './key-levels.ts';
import { EVENT_LOCATION, instanceKey, messageKey, requestKey } from './nova-event-keys.ts';
import type { PackedNotifications, RejectedNotificationInput } from './notification-store.ts';
import { NOTIFICATION_VALUE_COLUMNS } from './notification-values.ts';

/** A rejected message's body is kept up to this size; its full size is recorded beside it. */
export const REJECTED_BODY_LIMIT = 64 * 1024;

/** What a derivation pass reads of each event, in this order (a raw statement: no row objects). */
type PendingRow = [id: number, deploymentId: number, atUs: number, eventType: string, service: string | null, instance: string | null, requestId: string | null, tenant: string | null, state: string | null, taskState: string | null, oldTaskState: string | null];

/**
 * Everything the store writer does with notifications, in two steps:
 *
 * - `save` stores what the broker must not lose, and nothing more, before the batch is acked:
 *   each new event's row (with its indexes for browsing), its message key (so a redelivery is
 *   known), and the compressed blocks of raw bodies. Duplicates are found here.
 * - `deriveSome` does the rest for the events stored since the last pass, in id order: their
 *   instance and request keys, lifecycles, `.start`/`.end` timings and request KPIs, and moves
 *   `nova_derived.through_event_id` forward in the same transaction (so each event is derived
 *   exactly once, across crashes).
 *
 * Splitting them is what lets Tach drain a cloud's queue at close to the broker's speed: a burst
 * waits in the store, not in the cloud's RabbitMQ (StackTach's first worry: a consumer that
 * falls behind fills Nova's queues). The writer thread derives whenever no batch waits, and in
 * turn with ingest once too much waits to be derived (store-writer-worker.ts), so derived views
 * are never far behind. Until then, searches by instance or request id also read the events not
 * yet derived (notification-store.ts).
 */
export class NotificationWrites {
  readonly #keys: KeyLevels;
  readonly #stored: KeyFilter;
  readonly #storedId: Statement<[number, number, string], number>;
  readonly #insertEvent: Statement;
  readonly #insertBlock: Statement<[number, number, number, string, Buffer]>;
  readonly #insertRejected: Statement;
  readonly #nextId: Statement<[], number>;
  readonly #pending: Statement<[number, number], PendingRow>;
  readonly #derivedThrough: Statement<[], number>;
  readonly #setDerivedThrough: Statement<[number]>;
  readonly #countBehind: Statement<[number], number>;
  readonly #saveBatch: (deploymentId: number, packed: PackedNotifications, rejected: readonly RejectedNotificationInput[]) => number;
  readonly #derivePass: (limit: number) => number;

  /** `keyLevels` sizes the event-key levels (key-levels.ts); tests make them small. */
  constructor(db: Database, keyLevels?: KeyLevelLimits) {
    this.#keys = new KeyLevels(db, NOVA_EVENT_KEYS, keyLevels);
    // The filter holds message keys only (the levels hold instance and request keys too).
    const countEvents = db.prepare<[], number>('SELECT count(*) FROM nova_events').pluck();
    const eachMessage = db.prepare<[], [number, string]>('SELECT deployment_id, message_id FROM nova_events').raw();
    this.#stored = new KeyFilter({
      count: () => countEvents.get() ?? 0,
      *each() {
        for (const [deploymentId, messageId] of eachMessage.iterate()) yield [deploymentId, messageKey(messageId)] as const;
      },
    });
    this.#storedId = db.prepare<[number, number, string], number>(`SELECT id FROM nova_events WHERE id IN (${EVENT_LOCATION}) AND message_id = ?`).pluck();
    // Positional: a named parameter costs a property look-up each when bound (24 per event).
    this.#insertEvent = db.prepare(`INSERT INTO nova_events (id, deployment_id, ${NOTIFICATION_VALUE_COLUMNS}) VALUES (${Array(24).fill('?').join(', ')})`);
    // Ids are given, never reused: SQLite would hand out the highest ids again once deleted (a
    // deployment removed), and an event at or below the derived mark would never be derived.
    this.#nextId = db.prepare<[], number>('SELECT max(coalesce((SELECT max(id) FROM nova_events), 0), (SELECT through_event_id FROM nova_derived)) + 1').pluck();
    // OR REPLACE: a block whose events retention removed, left until its sweep, may hold the same first id.
    this.#insertBlock = db.prepare('INSERT OR REPLACE INTO nova_raw_blocks (first_event_id, last_event_id, deployment_id, codec, body) VALUES (?, ?, ?, ?, ?)');
    this.#insertRejected = db.prepare(`
      INSERT INTO nova_rejected (deployment_id, received_at, exchange, queue, routing_key, reason, body, body_size)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    this.#pending = db
      .prepare<[number, number], PendingRow>(
        'SELECT id, deployment_id, at_us, event_type, service, instance, request_id, tenant, state, task_state, old_task_state FROM nova_events WHERE id > ? ORDER BY id LIMIT ?',
      )
      .raw();
    this.#derivedThrough = db.prepare<[], number>('SELECT through_event_id FROM nova_derived').pluck();
    this.#setDerivedThrough = db.prepare('UPDATE nova_derived SET through_event_id = ?');
    this.#countBehind = db.prepare<[number], number>('SELECT count(*) FROM nova_events WHERE id > ?').pluck();
    this.#saveBatch = writeTransaction(db, (deploymentId: number, packed: PackedNotifications, rejected: readonly RejectedNotificationInput[]) =>
      this.#store(deploymentId, packed, rejected),
    );
    const derive = deriveFrom(db);
    this.#derivePass = writeTransaction(db, (limit: number) => {
      const rows = this.#pending.all(this.#derivedThrough.get() ?? 0, limit);
      let group: number | null = null;
      derive.begin();
      for (const [id, deploymentId, atUs, eventType, service, instance, requestId, tenant, state, taskState, oldTaskState] of rows) {
        // The derivations of one deployment are written together; a chunk may hold several.
        if (group !== deploymentId) {
          if (group !== null) derive.finish(group);
          derive.begin();
          group = deploymentId;
        }
        if (instance !== null) this.#keys.add(instanceKey(instance), deploymentId, id);
        if (requestId !== null) this.#keys.add(requestKey(requestId), deploymentId, id);
        const event: DerivableEvent = { atUs, eventType, service: service ?? '', instance, requestId, tenant, state, taskState, oldTaskState };
        derive.event(deploymentId, event);
      }
      if (group !== null) derive.finish(group);
      const last = rows.at(-1);
      if (last) this.#setDerivedThrough.run(last[0]);
      this.#keys.settle();
      return rows.length;
    });
  }

  /** Stores a batch in one transaction; returns how many events were new. */
  save(deploymentId: number, packed: PackedNotifications, rejected: readonly RejectedNotificationInput[] = []): number {
    return this.#recountOnFailure(() => this.#saveBatch(deploymentId, packed, rejected));
  }

  /** Derives up to `limit` stored events not derived yet, in one transaction; returns how many. */
  deriveSome(limit: number): number {
    return this.#recountOnFailure(() => this.#derivePass(limit));
  }

  /** Derives every stored event (for stores written inline: tests, the in-memory door). */
  deriveAll(): void {
    while (this.deriveSome(5000) > 0);
  }

  /** Stored events not derived yet, across deployments (counts the tail: call it at start). */
  behind(): number {
    return this.#countBehind.get(this.#derivedThrough.get() ?? 0) ?? 0;
  }

  #recountOnFailure<T>(write: () => T): T {
    try {
      return write();
    } catch (error) {
      // A rolled-back transaction may have left the key-level sizes kept in memory off.
      this.#keys.recount();
      throw error;
    }
  }

  #store(deploymentId: number, packed: PackedNotifications, rejected: readonly RejectedNotificationInput[]): number {
    let inserted = 0;
    let id = this.#nextId.get() ?? 1;
    // The id range each block's stored events took: a block with none (all duplicates) is not kept.
    const firstIds: (number | undefined)[] = [];
    const lastIds: number[] = [];
    packed.events.forEach((values, i) => {
      const messageId = values[0];
      // Already stored (a redelivery, or the same notification on another topic). Keys enter the
      // filter as they are stored, so a duplicate within the batch is found in the fresh level.
      const key = messageKey(messageId);
      if (this.#stored.mightContain(deploymentId, key) && this.#storedId.get(deploymentId, key, messageId) !== undefined) return;
      this.#insertEvent.run(id, deploymentId, values);
      const block = packed.eventBlocks[i] ?? 0;
      firstIds[block] ??= id;
      lastIds[block] = id;
      this.#keys.add(key, deploymentId, id);
      this.#stored.add(deploymentId, key);
      inserted += 1;
      id += 1;
    });
    packed.blocks.forEach((block, i) => {
      const first = firstIds[i];
      if (first === undefined) return;
      // A block that crossed from the engine's thread is a plain Uint8Array, which SQLite will not bind.
      const body = Buffer.isBuffer(block.body) ? block.body : Buffer.from(block.body.buffer, block.body.byteOffset, block.body.byteLength);
      this.#insertBlock.run(first, lastIds[i] ?? first, deploymentId, block.codec, body);
    });
    for (const r of rejected) {
      this.#insertRejected.run(deploymentId, r.receivedAt, r.exchange, r.queue, r.routingKey, r.reason, r.body.subarray(0, REJECTED_BODY_LIMIT), r.body.length);
    }
    this.#keys.settle();
    return inserted;
  }
}
