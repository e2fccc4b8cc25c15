import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventName, Events } from '../../../../shared/contract/channels.ts';
import { EventBus } from '../event-bus.ts';
import { silentLogger } from '../logging/logger.ts';
import { openMemoryDatabase } from '../../store.ts';
import { AlertStore } from './alert-store.ts';
import { AlertCenter } from './alert-center.ts';
import type { AlertSignal } from './alert-signal.ts';

const signal = (firing: boolean, value = 10, subject = '%2F/q'): AlertSignal => ({
  deploymentId: 1,
  rule: 'queue.no_consumer',
  subject,
  firing,
  severity: 'critical',
  message: `q has ${value} messages`,
  value,
});

describe('AlertCenter', () => {
  let db: Database;
  let now: number;
  let center: AlertCenter;
  let events: { event: EventName; payload: Events[EventName] }[];

  beforeEach(() => {
    db = openMemoryDatabase();
    db.exec(`INSERT INTO tenants (id, name, created_at) VALUES (1, 't', 'now'); INSERT INTO deployments (id, tenant_id, name, created_at, updated_at) VALUES (1, 1, 'prod "eu"', 'now', 'now');`);
    now = 1_000_000;
    events = [];
    const bus = new EventBus((error) => {
      throw error;
    });
    bus.subscribe((event, payload) => events.push({ event, payload }));
    center = new AlertCenter({ store: new AlertStore(db), events: bus, graceMs: () => 30_000, deploymentName: () => 'prod "eu"', now: () => now, log: silentLogger() });
    center.start();
  });
  afterEach(() => db.close());

  it('opens only once the condition held for the grace period', () => {
    center.report(signal(true));
    now += 29_000;
    center.report(signal(true));
    expect(center.openAlerts()).toEqual([]);
    now += 1000;
    center.report(signal(true, 12));
    expect(center.openAlerts()).toMatchObject([{ rule: 'queue.no_consumer', subject: '%2F/q', message: 'q has 12 messages', closedAt: null }]);
    expect(events).toMatchObject([{ event: 'alert.changed', payload: { change: 'opened' } }]);
  });

  it('starts the grace period over when the condition clears before it ends', () => {
    center.report(signal(true));
    now += 20_000;
    center.report(signal(false));
    now += 20_000;
    center.report(signal(true));
    expect(center.openAlerts()).toEqual([]);
  });

  it('tracks the peak while open, closes on the first clear report, and keeps the history', () => {
    center.report(signal(true, 10));
    now += 30_000;
    center.report(signal(true, 10));
    center.report(signal(true, 50));
    center.report(signal(true, 20));
    now += 5000;
    center.report(signal(false, 0));
    expect(center.openAlerts()).toEqual([]);
    const [alert] = center.list(1, 10);
    expect(alert).toMatchObject({ peakValue: 50, lastValue: 20, message: 'q has 20 messages', closedAt: new Date(1_035_000).toISOString() });
    expect(events.map((e) => (e.payload as Events['alert.changed']).change)).toEqual(['opened', 'updated', 'updated', 'closed']);
  });

  it('forget closes a subject, a rule, or a whole deployment quietly', () => {
    for (const subject of ['%2F/a', '%2F/b']) center.report(signal(true, 1, subject));
    now += 30_000;
    for (const subject of ['%2F/a', '%2F/b']) center.report(signal(true, 1, subject));
    expect(center.openAlerts()).toHaveLength(2);
    center.forget(1, 'queue.no_consumer', '%2F/a');
    expect(center.openAlerts().map((a) => a.subject)).toEqual(['%2F/b']);
    center.forget(1, 'queue.no_consumer');
    expect(center.openAlerts()).toEqual([]);
  });

  it('exposes open alerts as metrics with the deployment name in a label', () => {
    center.report(signal(true));
    now += 30_000;
    center.report(signal(true));
    const [perAlert, perDeployment] = center.collect();
    expect(perAlert?.samples).toEqual([
      { labels: { deployment_id: '1', deployment: 'prod "eu"', rule: 'queue.no_consumer', subject: '%2F/q', severity: 'critical' }, value: 1 },
    ]);
    expect(perDeployment?.samples).toEqual([{ labels: { deployment_id: '1', deployment: 'prod "eu"' }, value: 1 }]);
  });

  it('closes alerts a previous run left open when it starts', () => {
    center.report(signal(true));
    now += 30_000;
    center.report(signal(true));
    const restarted = new AlertCenter({ store: new AlertStore(db), events: new EventBus(() => {}), graceMs: () => 0, deploymentName: () => 'x', now: () => now, log: silentLogger() });
    restarted.start();
    expect(restarted.list(1, 10)[0]?.closedAt).not.toBeNull();
  });
});
