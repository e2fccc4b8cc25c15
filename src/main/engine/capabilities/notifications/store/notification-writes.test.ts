import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeNotification } from '../decode-notification.ts';
import { openMemoryDatabase } from '../../../store.ts';
import { NotificationStore, packNotifications, type IncomingNotification } from './notification-store.ts';

let seq = 0;
function incoming(event: string, at: string, instance = 'inst-1', messageId = `m-${++seq}`): IncomingNotification {
  const body = Buffer.from(
    JSON.stringify({ message_id: messageId, publisher_id: 'compute.host1', event_type: event, timestamp: `2026-11-23 ${at}`, _context_request_id: 'req-1', payload: { tenant_id: 't1', instance_id: instance } }),
  );
  const decoded = decodeNotification(body);
  if (!decoded.ok) throw new Error(decoded.reason);
  return { notification: decoded.notification, exchange: 'nova', queue: 'monitor.info', routingKey: 'monitor.info', receivedAt: 0, body };
}

const SETUP = `INSERT INTO tenants (id, name, created_at) VALUES (1, 'acme', 'now');
  INSERT INTO deployments (id, tenant_id, name, created_at, updated_at) VALUES (1, 1, 'prod', 'now', 'now'), (2, 1, 'stage', 'now', 'now')`;

describe('NotificationWrites: committed in blocks, rows and derivations behind', () => {
  let db: Database;
  let store: NotificationStore;
  beforeEach(() => {
    db = openMemoryDatabase();
    db.exec(SETUP);
    store = new NotificationStore(db);
  });
  afterEach(() => db.close());
  const mark = () => db.prepare('SELECT through_event_id FROM nova_derived').pluck().get();

  it('commits the block first; rows, their keys and timings come with the pass, once', () => {
    const events = [incoming('compute.instance.create.start', '10:00:00'), incoming('compute.instance.create.end', '10:00:09')];
    expect(store.writes.save(1, packNotifications(events))).toBe(2);
    // Stored (counted, and safe to ack), not browsable yet.
    expect(store.counts(1)).toMatchObject({ stored: 2, indexing: 2 });
    expect(store.events(1, { limit: 10 })).toEqual([]);
    expect(store.writes.behind()).toBe(2);
    expect(store.writes.deriveSome(500)).toEqual({ events: 2, deploymentIds: [1] });
    expect(store.counts(1)).toMatchObject({ stored: 2, indexing: 0 });
    expect(store.events(1, { instance: 'inst-1', limit: 10 }).map((e) => e.event_type)).toEqual(['compute.instance.create.end', 'compute.instance.create.start']);
    expect(store.timings(1, { limit: 10 })).toEqual([expect.objectContaining({ name: 'compute.instance.create', duration: 9 })]);
    expect(mark()).toBe(2);
    // A second pass finds nothing: nothing is written or derived twice.
    expect(store.writes.deriveSome(500)).toEqual({ events: 0, deploymentIds: [] });
    expect(store.timings(1, { limit: 10 })).toHaveLength(1);
  });

  it('knows a redelivery whether its event is still in a block or already a row, and a duplicate within the batch', () => {
    const a = incoming('compute.instance.update', '10:00:00');
    const b = incoming('compute.instance.update', '10:00:01');
    expect(store.writes.save(1, packNotifications([a, b, a]))).toBe(2);
    expect(store.writes.save(1, packNotifications([b, a]))).toBe(0);
    store.writes.deriveAll();
    expect(store.writes.save(1, packNotifications([a, b]))).toBe(0);
    // The same message id in another deployment is another event.
    expect(store.writes.save(2, packNotifications([a]))).toBe(1);
    store.writes.deriveAll();
    expect(store.counts(1).stored).toBe(2);
    // The duplicate's position in its block is skipped, and the rows keep their blocks' bodies.
    for (const e of store.events(1, { limit: 10 })) expect(JSON.parse(store.event(e.id)!.raw!)).toHaveProperty('message_id', e.message_id);
  });

  it('never gives an event an id at or below the written mark, even once the highest rows are deleted', () => {
    store.save(1, [incoming('compute.instance.update', '10:00:00')]);
    store.save(2, [incoming('compute.instance.update', '10:00:01'), incoming('compute.instance.update', '10:00:02')]);
    expect(mark()).toBe(3);
    db.exec('DELETE FROM deployments WHERE id = 2');
    store.writes.save(1, packNotifications([incoming('compute.instance.update', '10:00:03')]));
    store.writes.deriveAll();
    expect(store.events(1, { limit: 10 }).map((e) => e.id)).toEqual([4, 1]);
  });

  it('leaves a block whose rows are not written yet to retention, and sweeps the emptied ones', () => {
    store.save(1, [incoming('compute.instance.update', '09:00:00'), incoming('compute.instance.update', '09:00:01')]);
    store.writes.save(1, packNotifications([incoming('compute.instance.update', '11:00:00')]));
    expect(store.trimOldest(1, 10)).toBe(2);
    expect(db.prepare('SELECT count(*) FROM nova_raw_blocks').pluck().get()).toBe(1);
    store.writes.deriveAll();
    const [left] = store.events(1, { limit: 10 });
    expect(JSON.parse(store.event(left!.id)!.raw!)).toHaveProperty('timestamp', '2026-11-23 11:00:00');
  });

  it('writes, after a restart, what an earlier writer committed but did not write', () => {
    store.writes.save(1, packNotifications([incoming('compute.instance.update', '10:00:00'), incoming('compute.instance.update', '10:00:01')]));
    const restarted = new NotificationStore(db);
    expect(restarted.writes.behind()).toBe(2);
    // Its filter of stored message keys covers the events still in blocks.
    const again = restarted.writes.save(1, packNotifications([incoming('compute.instance.update', '10:00:00', 'inst-1', `m-${seq - 1}`)]));
    expect(again).toBe(0);
    restarted.writes.deriveAll();
    expect(restarted.counts(1)).toMatchObject({ stored: 2, indexing: 0 });
  });

  it('puts a message key in the key levels with its row, and knows the event by it before that, across a restart', () => {
    const a = incoming('compute.instance.update', '10:00:00');
    const keyed = () => db.prepare('SELECT count(*) FROM nova_event_key_locations WHERE event_key = tach_uuid_key(?)').pluck().get(`m ${a.notification.messageId}`);
    // The writer's pending keys are read from the store at its first redelivery; from then on it keeps them itself.
    const first = incoming('compute.instance.update', '09:59:59');
    store.writes.save(1, packNotifications([first]));
    expect(store.writes.save(1, packNotifications([first]))).toBe(0);
    store.writes.save(1, packNotifications([a]));
    expect(keyed()).toBe(0);
    expect(store.writes.save(1, packNotifications([a]))).toBe(0);
    // A new writer finds the events still in blocks from the blocks themselves.
    const restarted = new NotificationStore(db);
    expect(restarted.writes.save(1, packNotifications([a]))).toBe(0);
    restarted.writes.deriveAll();
    expect(keyed()).toBe(1);
    expect(restarted.writes.save(1, packNotifications([a]))).toBe(0);
  });

  it('still knows the events of a pass that failed half way, whose rows were rolled back', () => {
    const a = incoming('compute.instance.update', '10:00:00');
    const b = incoming('compute.instance.update', '10:00:01');
    store.writes.save(1, packNotifications([a]));
    store.writes.save(1, packNotifications([b]));
    // The second block cannot be read: the pass writes the first block's rows, then fails, and all of it is rolled back.
    db.prepare("UPDATE nova_raw_blocks SET event_values = x'00' WHERE first_event_id = 2").run();
    expect(() => store.writes.deriveSome(500)).toThrow();
    expect(store.writes.behind()).toBe(2);
    expect(store.writes.save(1, packNotifications([a, b]))).toBe(0);
  });

  it('derives the same timings in passes of any size', () => {
    let state = 7;
    const next = (n: number) => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state % n;
    };
    const events = Array.from({ length: 400 }, () =>
      incoming(`compute.instance.${['reboot', 'resize'][next(2)]}.${['start', 'end'][next(2)]}`, `10:0${next(6)}:${String(next(60)).padStart(2, '0')}`, ['a', 'b', 'c'][next(3)]),
    );
    const timingsAfter = (pass: (writes: NotificationStore['writes']) => void) => {
      const fresh = openMemoryDatabase();
      fresh.exec(SETUP);
      const s = new NotificationStore(fresh);
      for (let i = 0; i < events.length; i += 50) s.writes.save(1, packNotifications(events.slice(i, i + 50)));
      pass(s.writes);
      const rows = fresh.prepare('SELECT instance, name, start_us, end_us, duration FROM nova_timings ORDER BY instance, name, id').all();
      fresh.close();
      return rows;
    };
    const all = timingsAfter((w) => w.deriveAll());
    expect(all.length).toBeGreaterThan(30);
    expect(timingsAfter((w) => { while (w.deriveSome(1).events > 0); })).toEqual(all);
    expect(timingsAfter((w) => { while (w.deriveSome(300).events > 0); })).toEqual(all);
  });
});
