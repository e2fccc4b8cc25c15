import type { Database, Statement } from 'better-sqlite3';
import type { DecodedNotification } from '../decode-notification.ts';
import type { KeyLevelLimits } from '../../../kernel/store/key-levels.ts';
import { EVENT_LOCATION, instanceKey, requestKey } from './nova-event-keys.ts';
import { NotificationWrites } from './notification-writes.ts';
import { NOT_YET_WRITTEN, NotificationBlockPacker } from './notification-blocks.ts';
import { decompressBlock, notificationText } from './raw-blocks.ts';
import type { NotificationOrigin } from './notification-values.ts';
import type { PackedNotifications, RejectedNotificationInput } from './notification-input.ts';

/** One decoded notification, where it came from, and its body as it came off the wire. */
export interface IncomingNotification extends NotificationOrigin {
  notification: DecodedNotification;
  body: Buffer;
}

/** Packs decoded notifications with their bodies (what the consumer does as messages arrive). */
export function packNotifications(incoming: readonly IncomingNotification[]): PackedNotifications {
  const packer = new NotificationBlockPacker();
  for (const { notification, body, ...origin } of incoming) packer.add(notification, origin, body);
  return { blocks: packer.take() };
}

export interface EventRow {
  id: number;
  deployment_id: number;
  message_id: string;
  at_us: number;
  received_at: number;
  event_type: string;
  publisher: string | null;
  service: string | null;
  host: string | null;
  instance: string | null;
  request_id: string | null;
  tenant: string | null;
  priority: string | null;
  exchange: string;
  queue: string;
  routing_key: string;
  state: string | null;
  old_state: string | null;
  task_state: string | null;
  old_task_state: string | null;
  format: 'v1' | 'v2';
  is_error: number;
  /** The notifier's timestamp (epoch us) when it was not believed; at_us is then our receipt. */
  skewed_at_us: number | null;
}

export interface TimingRow {
  id: number;
  instance: string;
  name: string;
  request_id: string | null;
  tenant: string | null;
  start_us: number | null;
  end_us: number | null;
  duration: number | null;
}

export interface RequestRow {
  request_id: string;
  tenant: string | null;
  instance: string | null;
  start_us: number;
  end_us: number;
  operation: string | null;
  duration: number;
}

export interface LifecycleRow {
  instance: string;
  last_state: string | null;
  last_task_state: string | null;
  last_event_type: string;
  last_at_us: number;
}

export interface RejectedNotificationRow {
  id: number;
  received_at: number;
  exchange: string;
  queue: string;
  routing_key: string;
  reason: string;
  body: Buffer;
  body_size: number;
}

export interface EventFilter {
  eventType?: string;
  instance?: string;
  requestId?: string;
  tenant?: string;
  host?: string;
  service?: string;
  priority?: string;
  errorsOnly?: boolean;
  /** Epoch microsecond bounds, inclusive. */
  sinceUs?: number;
  untilUs?: number;
  /** Keyset cursor: events strictly older than this one. */
  before?: { atUs: number; id: number };
  limit: number;
}

/**
 * Events of deployment @d committed in blocks whose rows the writer has yet to write
 * (notification-writes.ts): not browsable yet, their timings, lifecycles and KPIs still to come.
 */
const INDEXING =
  `SELECT coalesce(sum(event_count), 0) FROM nova_raw_blocks INDEXED BY nova_raw_blocks_by_deployment WHERE deployment_id = @d AND ${NOT_YET_WRITTEN}`;

const EVENT_COLUMNS =
  'id, deployment_id, message_id, at_us, received_at, event_type, publisher, service, host, instance, request_id, tenant, priority, exchange, queue, routing_key, state, old_state, task_state, old_task_state, format, is_error, skewed_at_us';

// Ids found through the event-key levels (migration 009): a few rows each, read by row id.
const KEYED: readonly (readonly ['instance' | 'requestId', string, (value: string) => number])[] = [
  ['instance', 'instance', instanceKey],
  ['requestId', 'request_id', requestKey],
];

// The indexed equality filters, best first: the first one given picks the index.
const INDEXED: readonly (readonly [keyof EventFilter, string, string])[] = [
  ['eventType', 'event_type', 'nova_events_by_type'],
  ['tenant', 'tenant', 'nova_events_by_tenant'],
  ['host', 'host', 'nova_events_by_host'],
];

/**
 * All SQL about notifications, prepared once. Reads are here; writes (one transaction per batch,
 * then derivation passes) are in notification-writes.ts, made on first use: only the writer
 * thread's store writes events.
 */
export class NotificationStore {
  readonly #db: Database;
  readonly #keyLevels: KeyLevelLimits | undefined;
  #writes: NotificationWrites | undefined;
  readonly #rawBlock: Statement<[number, number], { last_event_id: number; codec: string; body: Buffer }>;
  readonly #queries = new Map<string, Statement>();

  /** `keyLevels` sizes the event-key levels (key-levels.ts); tests make them small. */
  constructor(db: Database, keyLevels?: KeyLevelLimits) {
    this.#db = db;
    this.#keyLevels = keyLevels;
    this.#rawBlock = db.prepare(
      'SELECT last_event_id, codec, body FROM nova_raw_blocks INDEXED BY nova_raw_blocks_by_deployment WHERE deployment_id = ? AND first_event_id <= ? ORDER BY first_event_id DESC LIMIT 1',
    );
  }

  get writes(): NotificationWrites {
    this.#writes ??= new NotificationWrites(this.#db, this.#keyLevels);
    return this.#writes;
  }

  /** Stores a batch and writes its rows and derivations at once (tests and tools; the writer thread writes them behind ingest). */
  save(deploymentId: number, events: readonly IncomingNotification[], rejected: readonly RejectedNotificationInput[] = []): number {
    return this.savePacked(deploymentId, packNotifications(events), rejected);
  }

  /** As `save`, for a batch already packed in blocks (a consumer's, with no writer thread behind it). */
  savePacked(deploymentId: number, packed: PackedNotifications, rejected: readonly RejectedNotificationInput[] = []): number {
    const stored = this.writes.save(deploymentId, packed, rejected);
    this.writes.deriveAll();
    return stored;
  }

  /** Newest first, keyset paged. Equality filters use their index; the rest filter the walk. */
  events(deploymentId: number, filter: EventFilter): EventRow[] {
    const where = ['deployment_id = @deploymentId'];
    let index = `INDEXED BY ${filter.errorsOnly ? 'nova_events_errors' : 'nova_events_recent'}`;
    const keyed = KEYED.find(([key]) => filter[key] !== undefined);
    const picked = INDEXED.find(([key]) => filter[key] !== undefined);
    let eventKey: number | undefined;
    if (keyed) {
      // The few rows under one instance or request, by row id, sorted afterwards.
      index = 'NOT INDEXED';
      eventKey = keyed[2](filter[keyed[0]] as string);
      where.push(`id IN (SELECT id FROM nova_event_key_locations WHERE deployment_id = @deploymentId AND event_key = @eventKey)`);
    } else if (picked) {
      index = `INDEXED BY ${picked[2]}`;
    }
    for (const [key, column] of [...KEYED, ...INDEXED]) if (filter[key] !== undefined) where.push(`${column} = @${key}`);
    if (filter.service !== undefined) where.push('service = @service');
    if (filter.priority !== undefined) where.push('priority = @priority');
    if (filter.errorsOnly) where.push('is_error = 1');
    if (filter.sinceUs !== undefined) where.push('at_us >= @sinceUs');
    if (filter.untilUs !== undefined) where.push('at_us <= @untilUs');
    if (filter.before) where.push('(at_us < @beforeAt OR (at_us = @beforeAt AND id < @beforeId))');
    const sql = `SELECT ${EVENT_COLUMNS} FROM nova_events ${index} WHERE ${where.join(' AND ')} ORDER BY at_us DESC, id DESC LIMIT @limit`;
    const { before, errorsOnly: _e, ...rest } = filter;
    return this.#query(sql).all({
      deploymentId,
      ...rest,
      ...(eventKey === undefined ? {} : { eventKey }),
      ...(before ? { beforeAt: before.atUs, beforeId: before.id } : {}),
    }) as EventRow[];
  }

  /** One event with the notification itself as text (null once retention removed it). */
  event(id: number): (EventRow & { raw: string | null }) | undefined {
    const row = this.#query(
      `SELECT ${EVENT_COLUMNS.split(', ').map((c) => `e.${c}`).join(', ')}, e.raw_offset, e.raw_size, r.raw FROM nova_events e LEFT JOIN nova_raw r ON r.event_id = e.id WHERE e.id = ?`,
    ).get(id) as (EventRow & { raw: string | null; raw_offset: number | null; raw_size: number | null }) | undefined;
    if (!row) return undefined;
    const { raw_offset: offset, raw_size: size, ...event } = row;
    // Stored before migration 010: its own row in nova_raw.
    if (event.raw !== null || offset === null || size === null) return event;
    const block = this.#rawBlock.get(event.deployment_id, id);
    if (!block || block.last_event_id < id) return { ...event, raw: null };
    const bytes = decompressBlock(block.body, block.codec).subarray(offset, offset + size);
    return { ...event, raw: notificationText(bytes, event.format) };
  }

  instanceEvents(deploymentId: number, instance: string, limit: number): EventRow[] {
    return this.#query(
      `SELECT ${EVENT_COLUMNS} FROM nova_events NOT INDEXED WHERE id IN (${EVENT_LOCATION}) AND instance = ? ORDER BY at_us, id LIMIT ?`,
    ).all(deploymentId, instanceKey(instance), instance, limit) as EventRow[];
  }

  lifecycle(deploymentId: number, instance: string): LifecycleRow | undefined {
    return this.#query('SELECT instance, last_state, last_task_state, last_event_type, last_at_us FROM nova_lifecycles WHERE deployment_id = ? AND instance = ?').get(
      deploymentId,
      instance,
    ) as LifecycleRow | undefined;
  }

  instanceTimings(deploymentId: number, instance: string): TimingRow[] {
    return this.#query('SELECT id, instance, name, request_id, tenant, start_us, end_us, duration FROM nova_timings WHERE deployment_id = ? AND instance = ? ORDER BY coalesce(start_us, end_us), id').all(
      deploymentId,
      instance,
    ) as TimingRow[];
  }

  /** Timings that ended in the range (or are still open, when no range is given), newest first. */
  timings(deploymentId: number, query: { name?: string; sinceUs?: number; untilUs?: number; limit: number }): TimingRow[] {
    const where = ['deployment_id = @deploymentId'];
    if (query.name !== undefined) where.push('name = @name');
    if (query.sinceUs !== undefined) where.push('coalesce(end_us, start_us) >= @sinceUs');
    if (query.untilUs !== undefined) where.push('coalesce(end_us, start_us) <= @untilUs');
    return this.#query(
      `SELECT id, instance, name, request_id, tenant, start_us, end_us, duration FROM nova_timings WHERE ${where.join(' AND ')} ORDER BY coalesce(end_us, start_us) DESC, id DESC LIMIT @limit`,
    ).all({ deploymentId, ...query }) as TimingRow[];
  }

  /** Complete, non-negative durations by operation, for the summary (as stacky's). */
  durations(deploymentId: number, sinceUs: number, untilUs: number): { name: string; duration: number }[] {
    return this.#query(
      'SELECT name, duration FROM nova_timings INDEXED BY nova_timings_by_end WHERE deployment_id = ? AND end_us BETWEEN ? AND ? AND duration IS NOT NULL AND duration >= 0',
    ).all(deploymentId, sinceUs, untilUs) as { name: string; duration: number }[];
  }

  /** Completed requests, slowest first. */
  kpis(deploymentId: number, query: { tenant?: string; sinceUs: number; limit: number }): RequestRow[] {
    const tenant = query.tenant === undefined ? '' : 'AND tenant = @tenant';
    return this.#query(
      `SELECT request_id, tenant, instance, start_us, end_us, operation, duration FROM nova_requests
       WHERE deployment_id = @deploymentId AND duration IS NOT NULL AND start_us >= @sinceUs ${tenant} ORDER BY duration DESC LIMIT @limit`,
    ).all({ deploymentId, ...query }) as RequestRow[];
  }

  rejected(deploymentId: number, limit: number): RejectedNotificationRow[] {
    return this.#query('SELECT id, received_at, exchange, queue, routing_key, reason, body, body_size FROM nova_rejected WHERE deployment_id = ? ORDER BY received_at DESC, id DESC LIMIT ?').all(
      deploymentId,
      limit,
    ) as RejectedNotificationRow[];
  }

  /** One statement, so one snapshot: a pass moving events from blocks to rows between two reads would count them twice. */
  counts(deploymentId: number): { stored: number; indexing: number; errors: number; rejected: number } {
    const row = this.#query(`SELECT
        (SELECT count(*) FROM nova_events INDEXED BY nova_events_recent WHERE deployment_id = @d) AS rows,
        (${INDEXING}) AS indexing,
        (SELECT count(*) FROM nova_events INDEXED BY nova_events_errors WHERE deployment_id = @d AND is_error = 1) AS errors,
        (SELECT count(*) FROM nova_rejected WHERE deployment_id = @d) AS rejected`).get({ d: deploymentId }) as { rows: number; indexing: number; errors: number; rejected: number };
    return { stored: row.rows + row.indexing, indexing: row.indexing, errors: row.errors, rejected: row.rejected };
  }

  /** Events stored for a deployment, in rows or still in blocks (a full count: call it once, then keep count). */
  storedCount(deploymentId: number): number {
    return this.counts(deploymentId).stored;
  }

  /**
   * Retention by age: removes raw events older than the cutoff, at most `chunk` per call (the
   * caller repeats), so ingest never waits long behind it. Lifecycles, timings and request KPIs
   * are derived data and stay.
   */
  trimOlderThan(deploymentId: number, cutoffUs: number, chunk = 5000): number {
    return this.#trim(deploymentId, `SELECT id FROM nova_events INDEXED BY nova_events_recent WHERE deployment_id = ? AND at_us < ? ORDER BY at_us LIMIT ?`, [cutoffUs, chunk]);
  }

  /** Retention by size: removes the `count` oldest raw events (the caller knows how many are over). */
  trimOldest(deploymentId: number, count: number): number {
    return this.#trim(deploymentId, `SELECT id FROM nova_events INDEXED BY nova_events_recent WHERE deployment_id = ? ORDER BY at_us, id LIMIT ?`, [count]);
  }

  /**
   * Deletes the events `chosen` selects, then the blocks left with no event: only blocks that
   * begin at or before the newest id deleted can have lost their last event, and a block whose
   * rows are still to be written has lost none.
   */
  #trim(deploymentId: number, chosen: string, params: readonly number[]): number {
    const newest = this.#query(`SELECT max(id) AS id FROM (${chosen})`).get(deploymentId, ...params) as { id: number | null };
    if (newest.id === null) return 0;
    const deleted = this.#query(`DELETE FROM nova_events WHERE id IN (${chosen})`).run(deploymentId, ...params).changes;
    this.#query(
      `DELETE FROM nova_raw_blocks WHERE first_event_id IN (
         SELECT first_event_id FROM nova_raw_blocks b INDEXED BY nova_raw_blocks_by_deployment WHERE b.deployment_id = ? AND b.first_event_id <= ?
           AND b.last_event_id <= (SELECT through_event_id FROM nova_derived)
           AND NOT EXISTS (SELECT 1 FROM nova_events e WHERE e.id BETWEEN b.first_event_id AND b.last_event_id))`,
    ).run(deploymentId, newest.id);
    return deleted;
  }

  #query(sql: string): Statement {
    let statement = this.#queries.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#queries.set(sql, statement);
    }
    return statement;
  }
}
