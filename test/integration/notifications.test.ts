import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import amqp from 'amqplib';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { NotificationEvent, NotificationsOverview } from '../../src/shared/domain/notifications.ts';
import { runNotifier, startNotifier } from '../harness/oslo-notifier.ts';
import type { ProvidedRabbit } from '../harness/provided-context.ts';
import { startHeadlessProcess, type HeadlessProcess } from '../support/headless-process.ts';
import { createUserAndVhost, management } from '../support/management-api.ts';
import { startTempEngine, type TempEngine } from '../support/temp-engine.ts';

// Notifications from a real oslo.messaging notifier (Debian's python3-oslo.messaging) on the
// harness broker: queues adopted or created without ever breaking the notifier, both wire
// formats, StackTach's derived views, poison kept with its reason, and every message_id stored
// exactly once across a connection forced closed and an engine killed with SIGKILL.
const rabbit = inject('rabbit');
const engines: TempEngine[] = [];
const processes: HeadlessProcess[] = [];
const dirs: string[] = [];
let vhostCount = 0;

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()));
  await Promise.all(engines.map((e) => e.stop()));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Each scenario on its own vhost: the exchange's durability is the cloud's, and differs between them. */
async function freshVhost(): Promise<string> {
  vhostCount += 1;
  const vhost = `notif-${process.pid}-${vhostCount}`;
  await createUserAndVhost(rabbit, `u${vhostCount}`, 'secret', vhost);
  await management(rabbit, 'PUT', `permissions/${encodeURIComponent(vhost)}/${encodeURIComponent(rabbit.user)}`, { configure: '.*', write: '.*', read: '.*' });
  const url = new URL(rabbit.amqpUrl);
  url.pathname = `/${encodeURIComponent(vhost)}`;
  return url.toString();
}

async function engineWithNotifications(url: string, durableQueues: boolean, name = 'cloud') {
  const tach = await startTempEngine();
  engines.push(tach);
  const tenant = await tach.call('tenants.create', { name: `t-${name}` });
  const deployment = await tach.call('deployments.create', {
    tenantId: tenant.id,
    name,
    broker: { url },
    notifications: { enabled: true, exchanges: ['nova'], queues: ['monitor.info', 'monitor.error'], durableQueues },
  });
  return { tach, deploymentId: deployment.id };
}

async function allEvents(call: (before?: string) => Promise<{ events: NotificationEvent[]; next: string | null }>): Promise<NotificationEvent[]> {
  const out: NotificationEvent[] = [];
  let before: string | undefined;
  do {
    const page = await call(before);
    out.push(...page.events);
    before = page.next ?? undefined;
  } while (before);
  return out;
}

const storedIds = async (tach: TempEngine, deploymentId: number) =>
  (await allEvents((before) => tach.call('notifications.events', { deploymentId, limit: 1000, ...(before ? { before } : {}) }))).map((e) => e.messageId);

function expectEachOnce(stored: string[], sent: string[]): void {
  expect(new Set(stored).size).toBe(stored.length);
  expect(new Set(stored)).toEqual(new Set(sent));
}

const overview = (tach: TempEngine, deploymentId: number): Promise<NotificationsOverview> => tach.call('notifications.overview', { deploymentId });

describe.each([false, true])('queues with amqp_durable_queues=%s', (durable) => {
  it('adopts the queues a notifier created first, and neither side fails', async () => {
    const url = await freshVhost();
    const before = await runNotifier({ url, driver: 'messaging', durable, requests: 2 });
    expect(before.failed).toEqual([]);
    const { tach, deploymentId } = await engineWithNotifications(url, durable);
    await expect.poll(() => storedIds(tach, deploymentId), { timeout: 20_000 }).toHaveLength(before.sent.length);
    await expect.poll(async () => (await overview(tach, deploymentId)).health, { timeout: 20_000 }).toBe('consuming');
    const queues = (await overview(tach, deploymentId)).queues;
    expect(queues.map((q) => [q.queue, q.origin, q.durable])).toEqual([
      ['monitor.info', 'adopted', durable],
      // Nothing was sent at error priority yet: Tach created it, as the producer would have.
      ['monitor.error', 'created', durable],
    ]);
    const after = await runNotifier({ url, driver: 'messagingv2', durable, requests: 2, errorEvery: 2 });
    expect(after.failed).toEqual([]);
    await expect.poll(async () => (await storedIds(tach, deploymentId)).length, { timeout: 20_000 }).toBe(before.sent.length + after.sent.length);
    expectEachOnce(await storedIds(tach, deploymentId), [...before.sent, ...after.sent]);
  }, 90_000);

  it('creates missing queues with the producer flags, so a notifier started later still sends', async () => {
    const url = await freshVhost();
    const { tach, deploymentId } = await engineWithNotifications(url, durable);
    await expect.poll(async () => (await overview(tach, deploymentId)).health, { timeout: 20_000 }).toBe('consuming');
    expect((await overview(tach, deploymentId)).queues.map((q) => [q.origin, q.durable])).toEqual([
      ['created', durable],
      ['created', durable],
    ]);
    const run = await runNotifier({ url, driver: 'messagingv2', durable, requests: 3, errorEvery: 3 });
    expect(run.failed).toEqual([]);
    expect(run.code).toBe(0);
    await expect.poll(async () => (await storedIds(tach, deploymentId)).length, { timeout: 20_000 }).toBe(run.sent.length);
    expectEachOnce(await storedIds(tach, deploymentId), run.sent);
  }, 90_000);
});

describe('what is stored and derived', () => {
  let tach: TempEngine;
  let deploymentId: number;
  let url: string;

  it('keeps StackTach fields, timings, KPIs and lifecycles from both formats', async () => {
    url = await freshVhost();
    ({ tach, deploymentId } = await engineWithNotifications(url, false, 'fields'));
    await expect.poll(async () => (await overview(tach, deploymentId)).health, { timeout: 20_000 }).toBe('consuming');
    const v1 = await runNotifier({ url, driver: 'messaging', requests: 2 });
    const v2 = await runNotifier({ url, driver: 'messagingv2', requests: 3, errorEvery: 3 });
    const total = v1.sent.length + v2.sent.length;
    await expect.poll(async () => (await storedIds(tach, deploymentId)).length, { timeout: 20_000 }).toBe(total);

    const { events } = await tach.call('notifications.events', { deploymentId, eventType: 'compute.instance.create.start', limit: 10 });
    expect(events).toHaveLength(5);
    expect(events[0]).toMatchObject({
      publisher: 'compute.host1',
      service: 'compute',
      host: 'host1',
      tenant: '6f70656e737461636b20342065766572',
      priority: 'INFO',
      exchange: 'nova',
      routingKey: 'monitor.info',
      requestId: expect.stringMatching(/^req-/),
      instance: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    const detail = await tach.call('notifications.event', { id: events[0]!.id });
    expect(detail.format).toBe('v2');
    expect(detail.raw).toMatchObject({ message_id: detail.messageId, payload: { seq: expect.any(Number) } });
    const v1Detail = await tach.call('notifications.event', { id: events.at(-1)!.id });
    expect(v1Detail.format).toBe('v1');

    const errors = await tach.call('notifications.events', { deploymentId, errorsOnly: true });
    expect(errors.events.map((e) => [e.eventType, e.priority, e.routingKey])).toEqual([['compute.instance.create.error', 'ERROR', 'monitor.error']]);

    const timings = await tach.call('notifications.timings', { deploymentId, name: 'compute.instance.create' });
    expect(timings).toHaveLength(5);
    expect(timings.filter((t) => t.durationSeconds !== null)).toHaveLength(4);
    const summary = await tach.call('notifications.timingSummary', { deploymentId });
    expect(summary).toEqual([expect.objectContaining({ name: 'compute.instance.create', count: 4 })]);
    const kpi = await tach.call('notifications.kpi', { deploymentId });
    expect(kpi).toHaveLength(4);
    expect(kpi[0]).toMatchObject({ operation: 'compute.instance.create', tenant: '6f70656e737461636b20342065766572' });
    expect(kpi[0]!.durationSeconds).toBeGreaterThanOrEqual(kpi.at(-1)!.durationSeconds);

    // The oldest request (v1) completed; the newest (v2) ended in an error.
    const lifecycle = await tach.call('notifications.instance', { deploymentId, uuid: events.at(-1)!.instance! });
    expect(lifecycle.events.map((e) => e.eventType)).toEqual(['compute.instance.update', 'compute.instance.create.start', 'compute.instance.create.end']);
    expect(lifecycle).toMatchObject({ state: 'active', taskState: null });
  }, 90_000);

  it('keeps poison with its reason and goes on consuming', async () => {
    const connection = await amqp.connect(url);
    const channel = await connection.createConfirmChannel();
    channel.publish('nova', 'monitor.info', Buffer.from('{"not": json'));
    channel.publish('nova', 'monitor.info', Buffer.from([0xff, 0x00, 0xfe, 0x81]));
    channel.publish('nova', 'monitor.info', Buffer.alloc(10 * 1024 * 1024, 0x7b));
    channel.publish('nova', 'monitor.info', Buffer.from(JSON.stringify({ message_id: 'x', event_type: 'compute.instance.exists' })));
    await channel.waitForConfirms();
    await connection.close();
    await expect.poll(async () => (await tach.call('notifications.rejected', { deploymentId })).length, { timeout: 20_000 }).toBe(4);
    const reasons = (await tach.call('notifications.rejected', { deploymentId })).map((r) => r.reason);
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.stringContaining('not JSON'),
        'The message is not UTF-8 text (binary content?).',
        expect.stringContaining('over the 4.0 MB'),
        'The notification has no publisher_id.',
      ]),
    );
    const before = (await storedIds(tach, deploymentId)).length;
    const run = await runNotifier({ url, driver: 'messagingv2', requests: 1 });
    await expect.poll(async () => (await storedIds(tach, deploymentId)).length, { timeout: 20_000 }).toBe(before + run.sent.length);
    expect((await overview(tach, deploymentId)).health).toBe('consuming');
  }, 60_000);
});

describe('nothing lost, nothing doubled', () => {
  it('stores every message_id once when the broker closes Tach\'s connection mid-stream', async () => {
    const url = await freshVhost();
    const { tach, deploymentId } = await engineWithNotifications(url, false, 'forced');
    await expect.poll(async () => (await overview(tach, deploymentId)).health, { timeout: 20_000 }).toBe('consuming');
    const notifier = await startNotifier({ url, driver: 'messagingv2', requests: 400, delay: 0.01 });
    await expect.poll(() => notifier.sent.length, { timeout: 20_000 }).toBeGreaterThan(200);
    await closeTachConnections(rabbit, `notifications deployment ${deploymentId}`);
    const run = await notifier.done;
    expect(run.failed).toEqual([]);
    await expect.poll(async () => (await storedIds(tach, deploymentId)).length, { timeout: 40_000 }).toBe(run.sent.length);
    expectEachOnce(await storedIds(tach, deploymentId), run.sent);
  }, 120_000);

  it('stores every message_id once when the engine is killed with SIGKILL mid-stream', async () => {
    const url = await freshVhost();
    const data = mkdtempSync(join(tmpdir(), 'tach-notif-kill-'));
    dirs.push(data);
    const first = await startHeadlessProcess(['--port', '0', '--data', data]);
    processes.push(first);
    const api = async (base: string, path: string, init?: RequestInit) => {
      const response = await fetch(new URL(`api/v1/${path}`, base), { ...init, headers: { 'content-type': 'application/json' } });
      return { status: response.status, body: (await response.json()) as unknown, link: response.headers.get('link') };
    };
    const tenant = (await api(first.url, 'tenants', { method: 'POST', body: JSON.stringify({ name: 'kill' }) })).body as { id: number };
    const deployment = (
      await api(first.url, `tenants/${tenant.id}/deployments`, {
        method: 'POST',
        body: JSON.stringify({ name: 'cloud', broker: { url }, notifications: { enabled: true, exchanges: ['nova'], queues: ['monitor.info', 'monitor.error'] } }),
      })
    ).body as { id: number };
    await expect.poll(async () => ((await api(first.url, `deployments/${deployment.id}/notifications`)).body as NotificationsOverview).health, { timeout: 20_000 }).toBe('consuming');
    const notifier = await startNotifier({ url, driver: 'messaging', requests: 400, delay: 0.01 });
    await expect.poll(() => notifier.sent.length, { timeout: 20_000 }).toBeGreaterThan(200);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const run = await notifier.done;
    expect(run.failed).toEqual([]);
    const second = await startHeadlessProcess(['--port', '0', '--data', data]);
    processes.push(second);
    const ids = async () => {
      const out: string[] = [];
      let path: string | null = `deployments/${deployment.id}/events?limit=1000`;
      while (path) {
        const page = await api(second.url, path);
        out.push(...(page.body as NotificationEvent[]).map((e) => e.messageId));
        path = page.link ? /<\/api\/v1\/([^>]+)>/.exec(page.link)?.[1] ?? null : null;
      }
      return out;
    };
    await expect.poll(async () => (await ids()).length, { timeout: 40_000 }).toBe(run.sent.length);
    expectEachOnce(await ids(), run.sent);
  }, 120_000);
});

async function closeTachConnections(broker: ProvidedRabbit, nameContains: string): Promise<void> {
  const connections = (await (await management(broker, 'GET', 'connections')).json()) as { name: string; client_properties?: { connection_name?: string } }[];
  const ours = connections.filter((c) => c.client_properties?.connection_name?.includes(nameContains));
  expect(ours.length).toBeGreaterThan(0);
  for (const connection of ours) {
    await management(broker, 'DELETE', `connections/${encodeURIComponent(connection.name)}`, undefined);
  }
}
