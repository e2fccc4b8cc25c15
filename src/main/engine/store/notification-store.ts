import type { Database, Statement } from 'better-sqlite3';
import type { DecodedNotification } from '../nova/decode-notification.ts';
import { deriveFrom, type Derivations } from './notification-derivations.ts';
import { writeTransaction } from './database.ts';
import { KeyFilter } from './key-filter.ts';
import { KeyLevels, NOVA_EVENT_KEYS, type KeyLevelLimits } from './key-levels.ts';
import { EVENT_LOCATION, instanceKey, messageKey, requestKey } from './nova-event-keys.ts';

/** One decoded notification and where it came from. */
export interface IncomingNotification {
  notification: DecodedNotification;
  exchange: string;
  queue: string;
  routingKey: string;
  receivedAt: number;
}

export interface RejectedNotificationInput {
  receivedAt: number;
  exchange: string;
  queue: string;
  routingKey: string;
  reason: string;
  body: Buffer;
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

/** A rejected message's body is kept up to this size; its full size is recorded beside it. */
export const REJECTED_BODY_LIMIT = 64 * 1024;

const EVENT_COLUMNS =
  'id, deployment_id, message_id, at_us, received_at, event_type, publisher, service, host, instance, request_id, tenant, priority, exchange, queue, routing_key, state, old_state, task_state, old_task_state, format, is_error';

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

/** All SQL about notifications, prepared once; each batch is one transaction. */
export class NotificationStore {
  readonly #db: Database;
  readonly #insertEvent: Statement;
  readonly #insertRaw: Statement<[number, string]>;
  readonly #insertRejected: Statement;
  readonly #derive: Derivations;
  readonly #keys: KeyLevels;
  /** Built on the first save: only the writer's store needs it. */
  readonly #stored: KeyFilter;
  readonly #storedId: Statement<[number, number, string], number>;
  readonly #queries = new Map<string, Statement>();
  readonly #saveBatch: (deploymentId: number, events: readonly IncomingNotification[], rejected: readonly RejectedNotificationInput[]) => number;

  /** `keyLevels` sizes the message-key levels (key-levels.ts); tests make them small. */
  constructor(db: Database, keyLevels?: KeyLevelLimits) {
    this.#db = db;
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
    // Positional: a named parameter costs a property look-up each when bound (21 per event).
    this.#insertEvent = db.prepare(`
      INSERT INTO nova_events (deployment_id, message_id, at_us, received_at, event_type, publisher, service, host, instance,
        request_id, tenant, priority, exchange, queue, routing_key, state, old_state, task_state, old_task_state, format, is_error)
      VALUES (${Array(21).fill('?').join(', ')})`);
    this.#insertRaw = db.prepare('INSERT INTO nova_raw (event_id, raw) VALUES (?, ?)');
    this.#insertRejected = db.prepare(`
      INSERT INTO nova_rejected (deployment_id, received_at, exchange, queue, routing_key, reason, body, body_size)
      VALUES (@deployment_id, @received_at, @exchange, @queue, @routing_key, @reason, @body, @body_size)`);
    this.#derive = deriveFrom(db);
    this.#saveBatch = writeTransaction(db, (deploymentId: number, events: readonly IncomingNotification[], rejected: readonly RejectedNotificationInput[]) => {
      let inserted = 0;
      this.#derive.begin();
      for (const event of events) {
        const n = event.notification;
        // Already stored (a redelivery, or the same notification on another topic): nothing
        // derived from it may be counted twice either. Keys enter the filter as they are stored,
        // so a duplicate within the batch is found in the fresh level.
        const key = messageKey(n.messageId);
        if (this.#stored.mightContain(deploymentId, key) && this.#storedId.get(deploymentId, key, n.messageId) !== undefined) continue;
        const result = this.#insertEvent.run(
          deploymentId,
          n.messageId,
          n.atUs,
          event.receivedAt,
          n.eventType,
          n.publisher,
          n.service,
          n.host,
          n.instance,
          n.requestId,
          n.tenant,
          n.priority,
          event.exchange,
          event.queue,
          event.routingKey,
          n.state,
          n.oldState,
          n.taskState,
          n.oldTaskState,
          n.format,
          n.isError ? 1 : 0,
        );
        const id = Number(result.lastInsertRowid);
        this.#keys.add(key, deploymentId, id);
        this.#stored.add(deploymentId, key);
        if (n.instance !== null) this.#keys.add(instanceKey(n.instance), deploymentId, id);
        if (n.requestId !== null) this.#keys.add(requestKey(n.requestId), deploymentId, id);
        inserted += 1;
        this.#insertRaw.run(id, n.raw);
        this.#derive.event(deploymentId, n);
      }
      this.#derive.finish(deploymentId);
      for (const r of rejected) {
        this.#insertRejected.run({
          deployment_id: deploymentId,
          received_at: r.receivedAt,
          exchange: r.exchange,
          queue: r.queue,
          routing_key: r.routingKey,
          reason: r.reason,
          body: r.body.subarray(0, REJECTED_BODY_LIMIT),
          body_size: r.body.length,
        });
      }
      this.#keys.settle();
      return inserted;
    });
  }

  /** Stores a batch in one transaction; returns how many events were new. */
  save(deploymentId: number, events: readonly IncomingNotification[], rejected: readonly RejectedNotificationInput[] = []): number {
    try {
      return this.#saveBatch(deploymentId, events, rejected);
    } catch (error) {
      this.#keys.recount();
      throw error;
    }
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

  event(id: number): (EventRow & { raw: string | null }) | undefined {
    return this.#query(`SELECT ${EVENT_COLUMNS.split(', ').map((c) => `e.${c}`).join(', ')}, r.raw FROM nova_events e LEFT JOIN nova_raw r ON r.event_id = e.id WHERE e.id = ?`).get(id) as
      | (EventRow & { raw: string | null })
      | undefined;
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

  counts(deploymentId: number): { stored: number; errors: number; rejected: number } {
    const one = (sql: string) => (this.#query(sql).get(deploymentId) as { n: number }).n;
    return {
      stored: this.storedCount(deploymentId),
      errors: one('SELECT count(*) AS n FROM nova_events INDEXED BY nova_events_errors WHERE deployment_id = ? AND is_error = 1'),
      rejected: one('SELECT count(*) AS n FROM nova_rejected WHERE deployment_id = ?'),
    };
  }

  /** Events stored for a deployment (a full count of its index: call it once, then keep count). */
  storedCount(deploymentId: number): number {
    return (this.#query('SELECT count(*) AS n FROM nova_events INDEXED BY nova_events_recent WHERE deployment_id = ?').get(deploymentId) as { n: number }).n;
  }

  /**
   * Retention by age: removes raw events older than the cutoff, at most `chunk` per call (the
   * caller repeats), so ingest never waits long behind it. Lifecycles, timings and request KPIs
   * are derived data and stay.
   */
  trimOlderThan(deploymentId: number, cutoffUs: number, chunk = 5000): number {
    return this.#query(
      'DELETE FROM nova_events WHERE id IN (SELECT id FROM nova_events INDEXED BY nova_events_recent WHERE deployment_id = ? AND at_us < ? ORDER BY at_us LIMIT ?)',
    ).run(deploymentId, cutoffUs, chunk).changes;
  }

  /** Retention by size: removes the `count` oldest raw events (the caller knows how many are over). */
  trimOldest(deploymentId: number, count: number): number {
    return this.#query('DELETE FROM nova_events WHERE id IN (SELECT id FROM nova_events INDEXED BY nova_events_recent WHERE deployment_id = ? ORDER BY at_us, id LIMIT ?)').run(
      deploymentId,
      count,
    ).changes;
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
