import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeNotification, isoFromMicros, MAX_NOTIFICATION_BYTES, parseOsloTime } from './decode-notification.ts';

interface Captured {
  driver: string;
  routing_key: string;
  body: string;
}
const capture = JSON.parse(readFileSync(new URL('../../../../../test/fixtures/nova/nova-notification.json', import.meta.url), 'utf8')) as { messages: Captured[] };

const v1 = (fields: Record<string, unknown>) => Buffer.from(JSON.stringify(fields));
const base = {
  message_id: 'm-1',
  publisher_id: 'compute.host1',
  event_type: 'compute.instance.create.start',
  priority: 'INFO',
  timestamp: '2026-11-23 09:41:00.450779',
  payload: {},
};

describe('decodeNotification', () => {
  it('reads every captured message, v1 and v2 alike, with StackTach fields', () => {
    for (const message of capture.messages) {
      const decoded = decodeNotification(Buffer.from(message.body));
      expect(decoded.ok, message.body.slice(0, 80)).toBe(true);
      if (!decoded.ok) continue;
      const n = decoded.notification;
      expect(n.format).toBe(message.driver === 'messagingv2' ? 'v2' : 'v1');
      expect(n.publisher).toBe('compute.host1');
      expect(n.service).toBe('compute');
      expect(n.host).toBe('host1');
      expect(n.tenant).toBe('6f70656e737461636b20342065766572');
      expect(n.instance).toBe('3f2504e0-4f89-11d3-9a0c-0305e82c3301');
      expect(n.requestId).toMatch(/^req-/);
      expect(n.eventType.startsWith('compute.instance.create.')).toBe(true);
    }
    const error = capture.messages.find((m) => m.routing_key.endsWith('.error'));
    const decoded = decodeNotification(Buffer.from(error!.body));
    expect(decoded.ok && decoded.notification.isError).toBe(true);
    expect(decoded.ok && decoded.notification.priority).toBe('ERROR');
  });

  it('reads the v1 timestamp as naive UTC with microseconds', () => {
    const decoded = decodeNotification(v1(base));
    expect(decoded.ok && isoFromMicros(decoded.notification.atUs)).toBe('2026-11-23T09:41:00.450779Z');
    expect(parseOsloTime('2026-11-23 09:41:00')).toBe(Date.UTC(2026, 10, 23, 9, 41, 0) * 1000);
    // Years below 100 are those years, not 1900 + year (Date.UTC's rule), by either path.
    expect(new Date(parseOsloTime('0001-01-01 00:00:00')! / 1000).toISOString()).toBe('0001-01-01T00:00:00.000Z');
    expect(new Date(parseOsloTime('0099-12-31T23:59:59Z')! / 1000).toISOString()).toBe('0099-12-31T23:59:59.000Z');
    expect(parseOsloTime('2026-11-23T10:41:00.5+01:00')).toBe(Date.UTC(2026, 10, 23, 9, 41, 0) * 1000 + 500_000);
    expect(parseOsloTime('yesterday')).toBeNull();
  });

  it("reads oslo's own form digit by digit as the general form would read it, and refuses near misses", () => {
    for (let i = 0; i < 2000; i++) {
      const us = Date.UTC(2000, 0, 1) * 1000 + Math.floor(Math.random() * 40 * 365 * 86_400) * 1_000_000 + (i % 2 === 0 ? 0 : Math.floor(Math.random() * 1_000_000));
      const iso = isoFromMicros(us);
      // str(utcnow()): no fraction when the microseconds are 0.
      const oslo = iso.slice(0, 19).replace('T', ' ') + (us % 1_000_000 === 0 ? '' : iso.slice(19, 26));
      expect(parseOsloTime(oslo)).toBe(us);
      expect(parseOsloTime(`${oslo.replace(' ', 'T')}Z`)).toBe(us);
    }
    for (const nearMiss of ['2026-11-23 09:41:0x', '2026-13-23 09:41:00', '2026-11-23 24:41:00', '2026-11-23 09:41:00,450779', '2026/11/23 09:41:00', '2026-11-23 09:61:00.450779']) {
      expect(parseOsloTime(nearMiss)).toBeNull();
    }
  });

  it('finds the instance in the four places StackTach looks, in its order', () => {
    const instance = (payload: object) => {
      const decoded = decodeNotification(v1({ ...base, payload }));
      return decoded.ok ? decoded.notification.instance : 'rejected';
    };
    expect(instance({ instance_id: 'a', instance_uuid: 'b' })).toBe('a');
    expect(instance({ instance_uuid: 'b' })).toBe('b');
    expect(instance({ exception: { kwargs: { uuid: 'c' } } })).toBe('c');
    expect(instance({ instance: { uuid: 'd' } })).toBe('d');
    expect(instance({})).toBeNull();
  });

  it('takes the tenant from the payload, else the context project, and the states and task states', () => {
    const decoded = decodeNotification(
      v1({ ...base, _context_project_id: 'p', payload: { state: 'active', old_state: 'building', new_task_state: null, old_task_state: 'spawning' } }),
    );
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.notification).toMatchObject({ tenant: 'p', state: 'active', oldState: 'building', taskState: null, oldTaskState: 'spawning' });
  });

  it('falls back to the context timestamp, as StackTach does', () => {
    const { timestamp: _dropped, ...rest } = base;
    const decoded = decodeNotification(v1({ ...rest, _context_timestamp: '2026-11-23T09:00:00.000001' }));
    expect(decoded.ok && decoded.notification.atUs).toBe(Date.UTC(2026, 10, 23, 9) * 1000 + 1);
  });

  it('rejects poison with a reason instead of throwing', () => {
    const reasons = [
      Buffer.from('{not json'),
      Buffer.from('[1,2]'),
      Buffer.from([0xff, 0xfe, 0x00, 0x81]),
      Buffer.alloc(MAX_NOTIFICATION_BYTES + 1, 0x20),
      v1({ ...base, message_id: undefined }),
      v1({ ...base, event_type: 7 }),
      v1({ ...base, publisher_id: '' }),
      v1({ ...base, timestamp: 'soon' }),
      Buffer.from(JSON.stringify({ 'oslo.version': '2.0', 'oslo.message': '{broken' })),
      Buffer.from(JSON.stringify({ 'oslo.version': '2.0', 'oslo.message': { nested: true } })),
    ].map((body) => {
      const decoded = decodeNotification(body);
      return decoded.ok ? 'accepted' : decoded.reason;
    });
    expect(reasons).toEqual([
      expect.stringContaining('not JSON'),
      'The message is JSON but not an object.',
      'The message is not UTF-8 text (binary content?).',
      expect.stringContaining('over the 4.0 MB'),
      'The notification has no message_id.',
      'The notification has no event_type.',
      'The notification has no publisher_id.',
      expect.stringContaining('is not a time'),
      expect.stringContaining('"oslo.message" is not JSON'),
      'The oslo.messaging v2 envelope has no "oslo.message" string.',
    ]);
  });
});

describe('decodeNotification: hostile values (2026-12-04 poison probe)', () => {
  const RECEIVED_MS = Date.UTC(2026, 11, 4, 10, 0, 0);
  const at = (timestamp: string) => {
    const decoded = decodeNotification(v1({ ...base, timestamp }), RECEIVED_MS);
    if (!decoded.ok) throw new Error(decoded.reason);
    return decoded.notification;
  };

  it('places a year-3000 (or 1970, or two hours ahead) event at our receipt, keeping its own time', () => {
    for (const [stamp, sent] of [
      ['3000-01-01 00:00:00.000000', Date.UTC(3000, 0, 1) * 1000],
      ['1970-01-01 00:00:00.000000', 0],
      ['2026-12-04 12:00:00.000000', Date.UTC(2026, 11, 4, 12) * 1000],
    ] as const) {
      const n = at(stamp);
      expect(n.atUs, stamp).toBe(RECEIVED_MS * 1000);
      expect(n.skewedAtUs, stamp).toBe(sent);
    }
  });

  it('believes a backlog of 29 days and a clock 59 minutes ahead', () => {
    expect(at('2026-11-05 10:00:00.000000')).toMatchObject({ atUs: Date.UTC(2026, 10, 5, 10) * 1000, skewedAtUs: null });
    expect(at('2026-12-04 10:59:00.000000')).toMatchObject({ atUs: Date.UTC(2026, 11, 4, 10, 59) * 1000, skewedAtUs: null });
  });

  it('refuses identifiers too long to be one, naming the field', () => {
    const refuse = (fields: Record<string, unknown>) => {
      const decoded = decodeNotification(v1({ ...base, ...fields }), RECEIVED_MS);
      return decoded.ok ? 'accepted' : decoded.reason;
    };
    expect(refuse({ event_type: 'e'.repeat(100_000) })).toBe("The notification's event_type is 100,000 characters; Tach takes an identifier of at most 255.");
    expect(refuse({ message_id: 'm'.repeat(256) })).toMatch(/^The notification's message_id is 256 characters/);
    expect(refuse({ payload: { instance_id: 'i'.repeat(300) } })).toMatch(/^The notification's instance id is 300 characters/);
    expect(refuse({ payload: { tenant_id: 't'.repeat(255) } })).toBe('accepted');
  });
});
