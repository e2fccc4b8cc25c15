import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeNotification, parseOsloTime } from '../decode-notification.ts';
import { openMemoryDatabase } from '../../../store.ts';
import { NotificationStore, type IncomingNotification } from './notification-store.ts';

let seq = 0;
function incoming(fields: { event: string; at: string; publisher?: string; request?: string; instance?: string; payload?: object; priority?: string }): IncomingNotification {
  seq += 1;
  const body = Buffer.from(
      JSON.stringify({
        message_id: `m-${seq}`,
        publisher_id: fields.publisher ?? 'compute.host1',
        event_type: fields.event,
        priority: fields.priority ?? 'INFO',
        timestamp: `2026-11-23 ${fields.at}`,
        _context_request_id: fields.request ?? 'req-1',
        payload: { tenant_id: 't1', instance_id: fields.instance ?? 'inst-1', ...fields.payload },
      }),
  );
  const decoded = decodeNotification(body);
  if (!decoded.ok) throw new Error(decoded.reason);
  return { notification: decoded.notification, exchange: 'nova', queue: 'monitor.info', routingKey: 'monitor.info', receivedAt: 0, body };
}

describe('NotificationStore', () => {
  let db: Database;
  let store: NotificationStore;
  beforeEach(() => {
    db = openMemoryDatabase();
    db.exec(`INSERT INTO tenants (id, name, created_at) VALUES (1, 'acme', 'now');
      INSERT INTO deployments (id, tenant_id, name, created_at, updated_at) VALUES (1, 1, 'prod', 'now', 'now')`);
    store = new NotificationStore(db);
  });
  afterEach(() => db.close());

  it('stores a redelivered notification once, and derives nothing twice', () => {
    const start = incoming({ event: 'compute.instance.create.start', at: '10:00:00' });
    const end = incoming({ event: 'compute.instance.create.end', at: '10:00:30' });
    expect(store.save(1, [start, end])).toBe(2);
    expect(store.save(1, [start, end])).toBe(0);
    expect(store.events(1, { limit: 10 })).toHaveLength(2);
    expect(store.timings(1, { limit: 10 })).toEqual([expect.objectContaining({ name: 'compute.instance.create', duration: 30 })]);
  });

  it('finds a stored message id in whichever key level it has moved to, within a batch and after a restart', () => {
    const small = new NotificationStore(db, { fresh: 3, recent: 6, slices: 2 });
    const sent = Array.from({ length: 20 }, (_, i) => incoming({ event: 'compute.instance.update', at: `10:00:${String(i).padStart(2, '0')}` }));
    // Twice within each batch, and every earlier batch again: only the first of each is new.
    let stored = 0;
    for (let i = 0; i < sent.length; i += 4) {
      const batch = sent.slice(i, i + 4);
      stored += small.save(1, [...batch, ...batch, ...sent.slice(0, i)]);
    }
    expect(stored).toBe(20);
    expect(db.prepare('SELECT count(*) FROM nova_event_keys').pluck().get()).toBeGreaterThan(0);
    // A new store (after a restart) fills its filter from the stored events.
    expect(new NotificationStore(db, { fresh: 3, recent: 6, slices: 2 }).save(1, sent)).toBe(0);
    expect(store.counts(1).stored).toBe(20);
    // Retention forgets the keys with the events: a redelivery of a trimmed event is stored again.
    expect(store.trimOldest(1, 5)).toBe(5);
    // Three keys per event: its message id, instance and request id.
    expect(db.prepare('SELECT count(*) FROM nova_event_key_locations').pluck().get()).toBe(15 * 3);
    expect(small.save(1, sent.slice(0, 6))).toBe(5);
  });

  it('pairs .start/.end per instance and operation, even when the .end comes first', () => {
    store.save(1, [
      incoming({ event: 'compute.instance.reboot.end', at: '10:01:05', instance: 'a' }),
      incoming({ event: 'compute.instance.reboot.start', at: '10:01:00', instance: 'a' }),
      incoming({ event: 'compute.instance.reboot.start', at: '10:02:00', instance: 'b' }),
    ]);
    const timings = store.timings(1, { limit: 10 }).map((t) => [t.instance, t.duration]);
    expect(timings).toEqual(expect.arrayContaining([['a', 5], ['b', null]]));
  });

  it('pairs timings the same whichever way the events are split into batches', () => {
    // A small deterministic generator: the same "random" events every run.
    let state = 42;
    const next = (n: number) => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state % n;
    };
    const events = Array.from({ length: 120 }, () => {
      const second = String(next(50)).padStart(2, '0');
      return incoming({
        event: `compute.instance.${['reboot', 'resize'][next(2)]}.${['start', 'end'][next(2)]}`,
        at: `10:00:${second}`,
        instance: ['a', 'b'][next(2)],
        request: `req-${next(3)}`,
      });
    });
    const timingsAfter = (split: (index: number) => boolean) => {
      const fresh = openMemoryDatabase();
      fresh.exec(`INSERT INTO tenants (id, name, created_at) VALUES (1, 'acme', 'now');
        INSERT INTO deployments (id, tenant_id, name, created_at, updated_at) VALUES (1, 1, 'prod', 'now', 'now')`);
      const batches = new NotificationStore(fresh);
      let batch: IncomingNotification[] = [];
      events.forEach((event, index) => {
        batch.push(event);
        if (split(index)) {
          batches.save(1, batch);
          batch = [];
        }
      });
      batches.save(1, batch);
      // Row ids order timings within one (instance, operation), which is all pairing relies on.
      const rows = fresh.prepare('SELECT instance, name, request_id, tenant, start_us, end_us, duration FROM nova_timings ORDER BY instance, name, id').all();
      fresh.close();
      return rows;
    };
    const oneByOne = timingsAfter(() => true);
    expect(oneByOne.length).toBeGreaterThan(20);
    expect(timingsAfter(() => false)).toEqual(oneByOne);
    expect(timingsAfter(() => next(7) === 0)).toEqual(oneByOne);
  });

  it('measures a request from the API update to the final .end (StackTach KPI)', () => {
    store.save(1, [
      incoming({ event: 'compute.instance.update', at: '10:00:00', publisher: 'api.ctl1', request: 'req-9' }),
      incoming({ event: 'compute.instance.create.start', at: '10:00:02', request: 'req-9' }),
      incoming({ event: 'compute.instance.create.end', at: '10:00:12.5', request: 'req-9' }),
    ]);
    expect(store.kpis(1, { sinceUs: 0, limit: 10 })).toEqual([expect.objectContaining({ request_id: 'req-9', duration: 12.5, operation: 'compute.instance.create', tenant: 't1' })]);
    expect(store.kpis(1, { sinceUs: 0, limit: 10, tenant: 'other' })).toEqual([]);
  });

  it('keeps the lifecycle at the latest state and task state', () => {
    store.save(1, [
      incoming({ event: 'compute.instance.update', at: '10:00:00', payload: { state: 'building', new_task_state: 'spawning', old_task_state: null } }),
      incoming({ event: 'compute.instance.update', at: '10:00:09', payload: { state: 'active', new_task_state: null, old_task_state: 'spawning' } }),
      incoming({ event: 'compute.instance.update', at: '10:00:05', payload: { state: 'building', new_task_state: 'networking' } }),
    ]);
    expect(store.lifecycle(1, 'inst-1')).toMatchObject({ last_state: 'active', last_task_state: null });
  });

  it('pages newest first by keyset with filters, through the right index', () => {
    const batch = Array.from({ length: 25 }, (_, i) => incoming({ event: i % 5 === 0 ? 'compute.instance.create.error' : 'compute.instance.update', at: `10:00:${String(i).padStart(2, '0')}`, instance: i % 2 ? 'odd' : 'even' }));
    store.save(1, batch);
    const first = store.events(1, { instance: 'odd', limit: 5 });
    const last = first.at(-1)!;
    const second = store.events(1, { instance: 'odd', limit: 5, before: { atUs: last.at_us, id: last.id } });
    expect([...first, ...second].map((e) => e.at_us)).toEqual([...first, ...second].map((e) => e.at_us).sort((a, b) => b - a));
    expect(new Set([...first, ...second].map((e) => e.id)).size).toBe(10);
    expect(store.events(1, { errorsOnly: true, limit: 100 })).toHaveLength(5);
    expect(store.counts(1)).toEqual({ stored: 25, indexing: 0, errors: 5, rejected: 0 });
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan("SELECT id FROM nova_events INDEXED BY nova_events_by_type WHERE deployment_id = 1 AND event_type = 'x' ORDER BY at_us DESC, id DESC LIMIT 50")).not.toContain('TEMP B-TREE');
    // By instance or request: the rows under one key, by row id, never a walk of the table.
    const keyed = plan(
      "SELECT id FROM nova_events NOT INDEXED WHERE deployment_id = 1 AND id IN (SELECT id FROM nova_event_key_locations WHERE deployment_id = 1 AND event_key = 7) AND instance = 'x' ORDER BY at_us DESC, id DESC LIMIT 50",
    );
    expect(keyed).toContain('SEARCH nova_events USING INTEGER PRIMARY KEY (rowid=?)');
    expect(keyed).not.toContain('SCAN nova_events');
  });

  it('trims raw events by age and by count, keeping timings', () => {
    store.save(1, [
      incoming({ event: 'compute.instance.create.start', at: '09:00:00' }),
      incoming({ event: 'compute.instance.create.end', at: '09:00:10' }),
      ...Array.from({ length: 5 }, (_, i) => incoming({ event: 'compute.instance.update', at: `11:00:0${i}` })),
    ]);
    expect(store.trimOlderThan(1, parseOsloTime('2026-11-23 10:00:00')!)).toBe(2);
    expect(store.trimOlderThan(1, parseOsloTime('2026-11-23 10:00:00')!)).toBe(0);
    expect(store.trimOldest(1, 2)).toBe(2);
    expect(store.counts(1).stored).toBe(3);
    expect(store.timings(1, { limit: 10 })).toHaveLength(1);
    // The block still holds the bodies of the three left, readable; once they go, so does the block.
    for (const e of store.events(1, { limit: 10 })) expect(JSON.parse(store.event(e.id)!.raw!)).toHaveProperty('message_id', e.message_id);
    expect(db.prepare('SELECT count(*) FROM nova_raw_blocks').pluck().get()).toBe(1);
    expect(store.trimOldest(1, 3)).toBe(3);
    expect(db.prepare('SELECT count(*) FROM nova_raw_blocks').pluck().get()).toBe(0);
  });

  it('keeps each body in a compressed block and gives back the notification itself, v1 or v2', () => {
    const v1 = incoming({ event: 'compute.instance.update', at: '10:00:00' });
    const inner = JSON.stringify({ message_id: 'm-v2', publisher_id: 'compute.h', event_type: 'compute.instance.exists', timestamp: '2026-11-23 10:00:01', payload: { seq: 2 } });
    const body = Buffer.from(JSON.stringify({ 'oslo.version': '2.0', 'oslo.message': inner }));
    const decoded = decodeNotification(body);
    if (!decoded.ok) throw new Error(decoded.reason);
    const v2: IncomingNotification = { notification: decoded.notification, exchange: 'nova', queue: 'q', routingKey: 'q', receivedAt: 0, body };
    // Redelivered within the batch and again in a second one: stored once, and a block of nothing but duplicates is not kept.
    expect(store.save(1, [v1, v2, v1])).toBe(2);
    expect(store.save(1, [v1, v2])).toBe(0);
    expect(db.prepare('SELECT count(*) FROM nova_raw_blocks').pluck().get()).toBe(1);
    const [second, first] = store.events(1, { limit: 10 });
    expect(store.event(first!.id)!.raw).toBe(v1.body.toString());
    expect(store.event(second!.id)!.raw).toBe(inner);
  });

  it('reads the raw row of an event stored before raw blocks existed', () => {
    store.save(1, [incoming({ event: 'compute.instance.update', at: '10:00:00' })]);
    const [event] = store.events(1, { limit: 1 });
    db.exec(`UPDATE nova_events SET raw_offset = NULL, raw_size = NULL; DELETE FROM nova_raw_blocks; INSERT INTO nova_raw (event_id, raw) VALUES (${event!.id}, '{"old":true}')`);
    expect(store.event(event!.id)!.raw).toBe('{"old":true}');
  });

  it('keeps rejected messages with their reason, the body truncated', () => {
    store.save(1, [], [{ receivedAt: 1, exchange: 'nova', queue: 'q', routingKey: 'q', reason: 'not JSON', body: Buffer.alloc(100_000, 0x41) }]);
    expect(store.rejected(1, 10)).toEqual([expect.objectContaining({ reason: 'not JSON', body_size: 100_000 })]);
    expect(store.rejected(1, 10)[0]!.body.length).toBe(64 * 1024);
  });
});

