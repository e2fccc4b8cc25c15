import type { Database, Statement } from 'better-sqlite3';
import { blockValues, NOT_YET_WRITTEN } from './notification-blocks.ts';
import { compressBlock, WRITE_CODEC } from './raw-blocks.ts';
import { deriveFrom, type Derivations } from './notification-derivations.ts';
import { BLOCK_MESSAGES } from './notification-blocks.ts';
import { writeTransaction } from '../../../kernel/store/database.ts';
import { KeyFilter } from '../../../kernel/store/key-filter.ts';
import { KeyLevels, NOVA_EVENT_KEYS, type KeyLevelLimits } from '../../../kernel/store/key-levels.ts';
import { EVENT_LOCATION, instanceKey, messageKey, requestKey } from './nova-event-keys.ts';
import type { PackedNotifications, RejectedNotificationInput } from './notification-input.ts';
import { NOTIFICATION_VALUE_COLUMNS } from './notification-values.ts';
import { PendingMessageKeys, type PendingEvent } from './pending-message-keys.ts';

/** A rejected message's body is kept up to this size; its full size is recorded beside it. */
export const REJECTED_BODY_LIMIT = 64 * 1024;

/** What one pass wrote: events, and the deployments they belong to (whose views changed). */
export interface WrittenBehind {
  events: number;
  deploymentIds: number[];
}

interface PendingBlock {
  first_event_id: number;
  last_event_id: number;
  deployment_id: number;
  codec: string;
  event_values: Buffer;
  skipped: string | null;
}

/**
 * Everything the store writer does with notifications, in two steps:
 *
 * - `save` commits what the broker must not lose, before the batch is acked: its blocks (bodies
 *   and column values, compressed: notification-blocks.ts, and message ids). Duplicates are
 *   decided here, by the message keys of the rows (in the key levels) and of the events still in
 *   blocks (in memory: pending-message-keys.ts); each block is one row: about a tenth of what
 *   writing every event's row and index entries costs.
 * - `deriveSome` writes the rest for the blocks committed since the last pass, in order: each
 *   event's row (browsable from then on), its message, instance and request keys, lifecycles,
 *   `.start`/`.end` timings and request KPIs, and moves `nova_derived.through_event_id` past
 *   them in the same transaction, so each event is written exactly once, across crashes.
 *
 * Splitting them is what lets Tach drain a cloud's queue at close to the broker's speed: a burst
 * waits in Tach's store, not in the cloud's RabbitMQ (StackTach's first worry: a consumer that
 * falls behind fills Nova's queues). The writer thread runs the second step in pauses of ingest,
 * and in turn with it once too much waits (store-writer-worker.ts), so the rows are never far
 * behind; the console says how many events are still being indexed.
 */
export class NotificationWrites {
  readonly #keys: KeyLevels;
  readonly #stored: KeyFilter;
  readonly #pending: PendingMessageKeys;
  readonly #locate: Statement<[number, number], number>;
  readonly #rowMessageId: Statement<[number], string>;
  readonly #blockAt: Statement<[number, number], { first_event_id: number; message_ids: string; skipped: string | null }>;
  readonly #insertEvent: Statement;
  readonly #insertBlock: Statement<[number, number, number, string, Buffer, Buffer, string, string | null, number]>;
  readonly #insertRejected: Statement;
  readonly #nextId: Statement<[], number>;
  readonly #pendingBlocks: Statement<[number, number], PendingBlock>;
  readonly #derivedThrough: Statement<[], number>;
  readonly #setDerivedThrough: Statement<[number]>;
  readonly #countBehind: Statement<[], number>;
  readonly #saveBatch: (deploymentId: number, packed: PackedNotifications, rejected: readonly RejectedNotificationInput[]) => number;
  readonly #derivePass: (blocks: number) => WrittenBehind;
  readonly #derivations: Derivations;

  /** `keyLevels` sizes the event-key levels (key-levels.ts); tests make them small. */
  constructor(db: Database, keyLevels?: KeyLevelLimits) {
    this.#keys = new KeyLevels(db, NOVA_EVENT_KEYS, keyLevels);
    // The filter holds message keys only (the levels hold instance and request keys too): those
    // of the rows, and of the events still in blocks.
    const countEvents = db.prepare<[], number>(`SELECT (SELECT count(*) FROM nova_events) + (SELECT coalesce(sum(event_count), 0) FROM nova_raw_blocks WHERE ${NOT_YET_WRITTEN})`).pluck();
    const eachMessage = db.prepare<[], [number, string]>('SELECT deployment_id, message_id FROM nova_events').raw();
    const pendingBlocks = db.prepare<[], [number, number, string, string | null]>(
      `SELECT deployment_id, first_event_id, message_ids, skipped FROM nova_raw_blocks WHERE ${NOT_YET_WRITTEN}`,
    ).raw();
    // The events still in blocks (a skipped position is a duplicate, never stored).
    function* eachPending(): Generator<PendingEvent> {
      for (const [deploymentId, first, ids, skipped] of pendingBlocks.iterate()) {
        const skip = new Set(skipped === null ? [] : (JSON.parse(skipped) as number[]));
        const messageIds = JSON.parse(ids) as string[];
        for (let position = 0; position < messageIds.length; position++) {
          if (!skip.has(position)) yield [deploymentId, messageKey(messageIds[position]!), first + position];
        }
      }
    }
    this.#stored = new KeyFilter({
      count: () => countEvents.get() ?? 0,
      *each() {
        for (const [deploymentId, messageId] of eachMessage.iterate()) yield [deploymentId, messageKey(messageId)] as const;
        for (const [deploymentId, key] of eachPending()) yield [deploymentId, key] as const;
      },
    });
    this.#pending = new PendingMessageKeys(eachPending);
    this.#locate = db.prepare<[number, number], number>(EVENT_LOCATION).pluck();
    this.#rowMessageId = db.prepare<[number], string>('SELECT message_id FROM nova_events WHERE id = ?').pluck();
    this.#blockAt = db.prepare(
      'SELECT first_event_id, message_ids, skipped FROM nova_raw_blocks INDEXED BY nova_raw_blocks_by_deployment WHERE deployment_id = ? AND first_event_id <= ? ORDER BY first_event_id DESC LIMIT 1',
    );
    // Positional: a named parameter costs a property look-up each when bound (25 per event).
    this.#insertEvent = db.prepare(`INSERT INTO nova_events (id, deployment_id, ${NOTIFICATION_VALUE_COLUMNS}) VALUES (${Array(25).fill('?').join(', ')})`);
    // Ids are given, never reused: SQLite would hand out the highest ids again once deleted (a
    // deployment removed), and an event at or below the written mark would never be written.
    // Blocks' id ranges follow one another, so the last block (by its key) ends highest.
    this.#nextId = db
      .prepare<[], number>(
        `SELECT max(coalesce((SELECT max(id) FROM nova_events), 0), coalesce((SELECT last_event_id FROM nova_raw_blocks ORDER BY first_event_id DESC LIMIT 1), 0), (SELECT through_event_id FROM nova_derived)) + 1`,
      )
      .pluck();
    // OR REPLACE: a block whose events retention removed, left until its sweep, may hold the same first id.
    this.#insertBlock = db.prepare(`
      INSERT OR REPLACE INTO nova_raw_blocks (first_event_id, last_event_id, deployment_id, codec, body, event_values, message_ids, skipped, event_count)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.#insertRejected = db.prepare(`
      INSERT INTO nova_rejected (deployment_id, received_at, exchange, queue, routing_key, reason, body, body_size)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    this.#pendingBlocks = db.prepare(
      'SELECT first_event_id, last_event_id, deployment_id, codec, event_values, skipped FROM nova_raw_blocks WHERE first_event_id > ? ORDER BY first_event_id LIMIT ?',
    );
    this.#derivedThrough = db.prepare<[], number>('SELECT through_event_id FROM nova_derived').pluck();
    this.#setDerivedThrough = db.prepare('UPDATE nova_derived SET through_event_id = ?');
    this.#countBehind = db.prepare<[], number>(`SELECT coalesce(sum(event_count), 0) FROM nova_raw_blocks WHERE ${NOT_YET_WRITTEN}`).pluck();
    this.#saveBatch = writeTransaction(db, (deploymentId: number, packed: PackedNotifications, rejected: readonly RejectedNotificationInput[]) =>
      this.#store(deploymentId, packed, rejected),
    );
    this.#derivations = deriveFrom(db);
    this.#derivePass = writeTransaction(db, (blocks: number) => this.#derive(blocks));
  }

  /** Commits a batch's blocks and message keys in one transaction; returns how many events were new. */
  save(deploymentId: number, packed: PackedNotifications, rejected: readonly RejectedNotificationInput[] = []): number {
    return this.#recountOnFailure(() => this.#saveBatch(deploymentId, packed, rejected));
  }

  /** Writes the rows and derivations of about `limit` events (whole blocks), in one transaction. */
  deriveSome(limit: number): WrittenBehind {
    return this.#recountOnFailure(() => this.#derivePass(Math.max(1, Math.ceil(limit / BLOCK_MESSAGES))));
  }

  /** Writes every committed event's row and derivations (for stores written inline: tests, tools). */
  deriveAll(): void {
    while (this.deriveSome(5000).events > 0);
  }

  /** Committed events whose rows are still to be written, across deployments. */
  behind(): number {
    return this.#countBehind.get() ?? 0;
  }

  #recountOnFailure<T>(write: () => T): T {
    try {
      return write();
    } catch (error) {
      // A rolled-back transaction may have left the key-level sizes kept in memory off, and the
      // pending keys holding events that were never stored or missing rows that were not written.
      this.#keys.recount();
      this.#pending.forget();
      throw error;
    }
  }

  #store(deploymentId: number, packed: PackedNotifications, rejected: readonly RejectedNotificationInput[]): number {
    let inserted = 0;
    let first = this.#nextId.get() ?? 1;
    const through = this.#derivedThrough.get() ?? 0;
    // Message ids of this batch so far: a duplicate within it has no block row to be found in yet.
    const inBatch = new Set<string>();
    for (const block of packed.blocks) {
      const skipped: number[] = [];
      block.messageIds.forEach((messageId, position) => {
        // Already stored (a redelivery, or the same notification on another topic).
        const key = messageKey(messageId);
        if (inBatch.has(messageId) || (this.#stored.mightContain(deploymentId, key) && this.#isStored(deploymentId, key, messageId, through))) {
          skipped.push(position);
          return;
        }
        inBatch.add(messageId);
        this.#pending.add(deploymentId, key, first + position);
        this.#stored.add(deploymentId, key);
      });
      const count = block.messageIds.length - skipped.length;
      if (count === 0) continue;
      const last = first + block.messageIds.length - 1;
      const ids = JSON.stringify(block.messageIds);
      const body = compressBlock(block.bodies);
      const values = compressBlock(Buffer.from(JSON.stringify(block.values)));
      this.#insertBlock.run(first, last, deploymentId, WRITE_CODEC, body, values, ids, skipped.length > 0 ? JSON.stringify(skipped) : null, count);
      inserted += count;
      first = last + 1;
    }
    for (const r of rejected) {
      this.#insertRejected.run(deploymentId, r.receivedAt, r.exchange, r.queue, r.routingKey, r.reason, r.body.subarray(0, REJECTED_BODY_LIMIT), r.body.length);
    }
    return inserted;
  }

  /**
   * Whether an event with this message id is stored under one of the ids its key locates: as a
   * row (written: its key is in the levels), or at its position in a block still to be written
   * (its key is pending). A hash collision costs a comparison, never a wrong answer.
   */
  #isStored(deploymentId: number, key: number, messageId: string, through: number): boolean {
    for (const id of [...this.#locate.all(deploymentId, key), ...this.#pending.ids(deploymentId, key)]) {
      if (id <= through) {
        if (this.#rowMessageId.get(id) === messageId) return true;
        continue;
      }
      const block = this.#blockAt.get(deploymentId, id);
      if (!block) continue;
      const position = id - block.first_event_id;
      if (block.skipped !== null && (JSON.parse(block.skipped) as number[]).includes(position)) continue;
      if ((JSON.parse(block.message_ids) as string[])[position] === messageId) return true;
    }
    return false;
  }

  #derive(limit: number): WrittenBehind {
    const blocks = this.#pendingBlocks.all(this.#derivedThrough.get() ?? 0, limit);
    const derive = this.#derivations;
    const deploymentIds = new Set<number>();
    let written = 0;
    let group: number | null = null;
    for (const block of blocks) {
      const deploymentId = block.deployment_id;
      deploymentIds.add(deploymentId);
      // The derivations of one deployment are written together; a pass may hold several.
      if (group !== deploymentId) {
        if (group !== null) derive.finish(group);
        derive.begin();
        group = deploymentId;
      }
      const skipped = new Set(block.skipped === null ? [] : (JSON.parse(block.skipped) as number[]));
      blockValues(block.codec, block.event_values).forEach((values, position) => {
        if (skipped.has(position)) return;
        const id = block.first_event_id + position;
        this.#insertEvent.run(id, deploymentId, values);
        const [messageId, atUs, , eventType, , service, , instance, requestId, tenant, , , , , state, , taskState, oldTaskState] = values;
        const key = messageKey(messageId);
        this.#keys.add(key, deploymentId, id);
        this.#pending.remove(deploymentId, key, id);
        if (instance !== null) this.#keys.add(instanceKey(instance), deploymentId, id);
        if (requestId !== null) this.#keys.add(requestKey(requestId), deploymentId, id);
        derive.event(deploymentId, { atUs, eventType, service, instance, requestId, tenant, state, taskState, oldTaskState });
        written += 1;
      });
    }
    if (group !== null) derive.finish(group);
    const last = blocks.at(-1);
    if (last) this.#setDerivedThrough.run(last.last_event_id);
    // Every block was written: what is still pending is only stale (a deployment deleted with its blocks).
    if (blocks.length < limit) this.#pending.clear();
    this.#keys.settle();
    return { events: written, deploymentIds: [...deploymentIds] };
  }
}
