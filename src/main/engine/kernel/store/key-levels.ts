import type { Database, Statement } from 'better-sqlite3';

/** Keys in the fresh level before they move to the recent one (about 70 pages: always cached). */
export const FRESH_LIMIT = 20_000;
/** Keys in the recent level before a sweep moves them into the settled one. */
export const RECENT_LIMIT = 400_000;
/** A sweep moves one slice of the key space per batch, so no single commit carries a whole merge. */
export const SWEEP_SLICES = 16;

/** The row ids stored under (deployment_id ?, uuid_key ?): one probe per level; compare the uuid too. */
export const TASK_LOCATION = 'SELECT id FROM celery_task_locations WHERE deployment_id = ? AND uuid_key = ?';

/** The three tables of one set of levels and their key column (each leads its primary key). */
export interface KeyLevelTables {
  fresh: string;
  recent: string;
  settled: string;
  key: string;
}

/** Celery task ids (migration 008). */
export const CELERY_TASK_KEYS: KeyLevelTables = { fresh: 'celery_task_keys_fresh', recent: 'celery_task_keys_recent', settled: 'celery_task_keys', key: 'uuid_key' };
/** Notification message ids, instances and request ids (migration 009, nova-event-keys.ts). */
export const NOVA_EVENT_KEYS: KeyLevelTables = { fresh: 'nova_event_keys_fresh', recent: 'nova_event_keys_recent', settled: 'nova_event_keys', key: 'event_key' };

/** uuidKey() is a 53-bit unsigned integer. */
const KEY_SPACE = 2 ** 53;

export interface KeyLevelLimits {
  fresh: number;
  recent: number;
  slices: number;
}

export const DEFAULT_KEY_LEVEL_LIMITS: KeyLevelLimits = { fresh: FRESH_LIMIT, recent: RECENT_LIMIT, slices: SWEEP_SLICES };

/**
 * Key levels (the task keys of migration 008, the message keys of 009), written by the single store writer: a small log-structured
 * merge tree in three SQLite tables. `add` writes to the fresh level, whose few pages stay cached;
 * `settle` (once per committed batch) moves the fresh level into the recent one when it is full,
 * and sweeps the recent level into the settled one slice by slice. Every move inserts in key
 * order, so it rewrites each page it touches once, where direct inserts of random keys rewrote a
 * page per key.
 *
 * The sizes are kept in memory to decide when to move, read from the store when first needed; after
 * a failed transaction they may be off, so `recount` has them read again. They only decide when work happens: a look-up reads all levels.
 */
export class KeyLevels {
  readonly #limits: KeyLevelLimits;
  readonly #add: Statement<[number, number, number]>;
  readonly #freshToRecent: Statement<[]>;
  readonly #clearFresh: Statement<[]>;
  readonly #recentToSettled: Statement<[number, number]>;
  readonly #clearRecentSlice: Statement<[number, number]>;
  readonly #count: { fresh: Statement<[], number>; recent: Statement<[], number> };
  /** Null until first needed: the engine's own (reading) connection never needs them. */
  #sizes: { fresh: number; recent: number } | null = null;
  /** The next slice a sweep moves, or null while no sweep runs. */
  #sweep: number | null = null;

  constructor(db: Database, tables: KeyLevelTables, limits: KeyLevelLimits = DEFAULT_KEY_LEVEL_LIMITS) {
    this.#limits = limits;
    const { fresh, recent, settled, key } = tables;
    const columns = `${key}, deployment_id, id`;
    this.#add = db.prepare(`INSERT INTO ${fresh} (${columns}) VALUES (?, ?, ?)`);
    this.#freshToRecent = db.prepare(`INSERT INTO ${recent} SELECT ${columns} FROM ${fresh} ORDER BY ${columns}`);
    this.#clearFresh = db.prepare(`DELETE FROM ${fresh}`);
    this.#recentToSettled = db.prepare(`INSERT INTO ${settled} SELECT ${columns} FROM ${recent} WHERE ${key} >= ? AND ${key} < ? ORDER BY ${columns}`);
    this.#clearRecentSlice = db.prepare(`DELETE FROM ${recent} WHERE ${key} >= ? AND ${key} < ?`);
    this.#count = {
      fresh: db.prepare<[], number>(`SELECT count(*) FROM ${fresh}`).pluck(),
      recent: db.prepare<[], number>(`SELECT count(*) FROM ${recent}`).pluck(),
    };
  }

  add(key: number, deploymentId: number, id: number): void {
    // Counted before the insert, so a first count from the store does not include this key twice.
    const sizes = this.#counted();
    this.#add.run(key, deploymentId, id);
    sizes.fresh += 1;
  }

  /** At most one move of each kind: bounded work per batch. Call inside the batch's transaction. */
  settle(): void {
    const sizes = this.#counted();
    if (sizes.fresh >= this.#limits.fresh) {
      sizes.recent += this.#freshToRecent.run().changes;
      this.#clearFresh.run();
      sizes.fresh = 0;
    }
    if (this.#sweep === null && sizes.recent >= this.#limits.recent) this.#sweep = 0;
    if (this.#sweep !== null) {
      const width = KEY_SPACE / this.#limits.slices;
      const from = this.#sweep * width;
      const last = this.#sweep === this.#limits.slices - 1;
      // The last slice ends at the top of the key space itself, so no key escapes through rounding.
      const to = last ? KEY_SPACE : from + width;
      this.#recentToSettled.run(from, to);
      sizes.recent -= this.#clearRecentSlice.run(from, to).changes;
      this.#sweep = last ? null : this.#sweep + 1;
    }
  }

  /** Forgets the sizes kept in memory: the next `add` or `settle` reads them again. */
  recount(): void {
    this.#sizes = null;
  }

  get sizes(): { fresh: number; recent: number; sweeping: boolean } {
    return { ...this.#counted(), sweeping: this.#sweep !== null };
  }

  #counted(): { fresh: number; recent: number } {
    this.#sizes ??= { fresh: this.#count.fresh.get() ?? 0, recent: this.#count.recent.get() ?? 0 };
    return this.#sizes;
  }
}
