import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { NotificationEvent, NotificationsOverview } from '../../src/shared/domain/notifications.ts';
import { runNotifier, type NotifierRun } from '../harness/oslo-notifier.ts';
import { startHeadlessProcess, type HeadlessProcess } from '../support/headless-process.ts';
import { createUserAndVhost, management } from '../support/management-api.ts';

// The events browser's filters as a script uses them: the real Tach process (its REST API), fed by
// the real oslo.messaging notifier on the harness broker. Two clouds' worth of requests differ in
// tenant and compute host, so a filter that is ignored, or matches too much, shows.
const rabbit = inject('rabbit');
const TENANT_A = 'aaaa0000aaaa0000aaaa0000aaaa0000';
const TENANT_B = 'bbbb1111bbbb1111bbbb1111bbbb1111';

let tach: HeadlessProcess;
let dataDir: string;
let url: string;
let deploymentId: number;
let alpha: NotifierRun;
let beta: NotifierRun;

async function api<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(new URL(`api/v1/${path}`, tach.url), { ...init, headers: { 'content-type': 'application/json' } });
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}
const events = (query = '') => api<NotificationEvent[]>(`deployments/${deploymentId}/events?limit=1000${query}`);
const ids = (list: NotificationEvent[]) => list.map((event) => event.messageId).sort();

beforeAll(async () => {
  const vhost = `search-${process.pid}`;
  await createUserAndVhost(rabbit, `search${process.pid}`, 'secret', vhost);
  await management(rabbit, 'PUT', `permissions/${encodeURIComponent(vhost)}/${encodeURIComponent(rabbit.user)}`, { configure: '.*', write: '.*', read: '.*' });
  const broker = new URL(rabbit.amqpUrl);
  broker.pathname = `/${encodeURIComponent(vhost)}`;
  url = broker.toString();
  dataDir = mkdtempSync(join(tmpdir(), 'tach-search-'));
  tach = await startHeadlessProcess(['--port', '0', '--data', dataDir, '--log-level', 'warn']);
  const tenant = await api<{ id: number }>('tenants', { method: 'POST', body: JSON.stringify({ name: 'search' }) });
  deploymentId = (
    await api<{ id: number }>(`tenants/${tenant.id}/deployments`, {
      method: 'POST',
      body: JSON.stringify({ name: 'cloud', broker: { url }, notifications: { enabled: true, exchanges: ['nova'], queues: ['monitor.info', 'monitor.error'] } }),
    })
  ).id;
  await vi.waitFor(async () => expect((await api<NotificationsOverview>(`deployments/${deploymentId}/notifications`)).health).toBe('consuming'), { timeout: 30_000, interval: 250 });
  [alpha, beta] = await Promise.all([
    runNotifier({ url, driver: 'messagingv2', requests: 2, errorEvery: 2, prefix: 'alpha', tenant: TENANT_A, host: 'compute-a' }),
    runNotifier({ url, driver: 'messaging', requests: 2, prefix: 'beta', tenant: TENANT_B, host: 'compute-b' }),
  ]);
  expect([...alpha.failed, ...beta.failed]).toEqual([]);
  await vi.waitFor(async () => expect((await events()).length).toBe(alpha.sent.length + beta.sent.length), { timeout: 30_000, interval: 250 });
}, 120_000);

afterAll(async () => {
  await tach?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('notification search filters over REST', () => {
  it('stores what both notifiers sent, each once', async () => {
    const all = await events();
    expect(ids(all)).toEqual([...alpha.sent, ...beta.sent].sort());
    expect(alpha.sent).toHaveLength(6);
    expect(beta.sent).toHaveLength(6);
  });

  it('request_id: the three notifications of that request only', async () => {
    const all = await events();
    const requests = [...new Set(all.map((event) => event.requestId))].sort();
    expect(requests.map((id) => id?.replace(/-[0-9a-f-]{36}$/, ''))).toEqual(['req-alpha-0', 'req-alpha-1', 'req-beta-0', 'req-beta-1']);
    const chosen = requests.find((id) => id?.startsWith('req-beta-1-')) ?? '';
    const found = await events(`&request_id=${encodeURIComponent(chosen)}`);
    expect(found.map((event) => event.eventType).sort()).toEqual(['compute.instance.create.end', 'compute.instance.create.start', 'compute.instance.update']);
    expect(ids(found)).toEqual(ids(all.filter((event) => event.requestId === chosen)));
  });

  it('tenant: one cloud project only', async () => {
    const found = await events(`&tenant=${TENANT_A}`);
    expect(ids(found)).toEqual([...alpha.sent].sort());
    expect(ids(await events(`&tenant=${TENANT_B}`))).toEqual([...beta.sent].sort());
  });

  it('host: one compute host only', async () => {
    const found = await events('&host=compute-b');
    expect(found).toHaveLength(4); // .start and .end of each of beta's two requests
    expect(new Set(found.map((event) => event.publisher))).toEqual(new Set(['compute.compute-b']));
    expect(found.every((event) => beta.sent.includes(event.messageId))).toBe(true);
  });

  it('service: the API service only', async () => {
    const found = await events('&service=api');
    expect(found.map((event) => event.eventType)).toEqual(Array(4).fill('compute.instance.update'));
    expect(new Set(found.map((event) => event.host))).toEqual(new Set(['ctl1']));
  });

  it('priority: the ERROR notification only (the lowercase query too)', async () => {
    const found = await events('&priority=error');
    expect(found.map((event) => [event.eventType, event.priority, event.tenant])).toEqual([['compute.instance.create.error', 'ERROR', TENANT_A]]);
  });

  it('filters combine: tenant and service together narrow further', async () => {
    const found = await events(`&tenant=${TENANT_B}&service=compute`);
    expect(found).toHaveLength(4);
    expect(found.every((event) => event.tenant === TENANT_B && event.service === 'compute')).toBe(true);
  });
});

describe('a notification delivered twice', () => {
  // At-least-once delivery means a redelivered or re-published notification: one message_id is one event.
  it('is stored once when the same message_id is published twice through the broker', async () => {
    const messageId = `resent-${process.pid}-${Date.now().toString(36)}`;
    const later = `${messageId}-later`;
    const envelope = (id: string, eventType: string) =>
      Buffer.from(
        JSON.stringify({
          'oslo.version': '2.0',
          'oslo.message': JSON.stringify({
            message_id: id,
            publisher_id: 'compute.resend-host',
            event_type: eventType,
            priority: 'INFO',
            payload: { tenant_id: TENANT_A, instance_id: '0b7c6b4e-0000-4000-8000-000000000001', host: 'resend-host' },
            timestamp: '2026-12-04 10:00:00.000000',
            _context_request_id: `req-${id}`,
          }),
        }),
      );
    const connection = await amqp.connect(url);
    try {
      const channel = await connection.createConfirmChannel();
      const options = { contentType: 'application/json', deliveryMode: 2 };
      channel.publish('nova', 'monitor.info', envelope(messageId, 'compute.instance.resend'), options);
      channel.publish('nova', 'monitor.info', envelope(messageId, 'compute.instance.resend'), options);
      // Published after both copies on the same queue: once it is stored, both copies were handled.
      channel.publish('nova', 'monitor.info', envelope(later, 'compute.instance.after'), options);
      await channel.waitForConfirms();
    } finally {
      await connection.close();
    }
    await expect.poll(async () => (await events('&host=resend-host')).some((event) => event.messageId === later), { timeout: 30_000 }).toBe(true);
    const stored = await events('&host=resend-host');
    expect(stored.map((event) => event.messageId).sort()).toEqual([later, messageId].sort());
    const overview = await api<NotificationsOverview>(`deployments/${deploymentId}/notifications`);
    expect(overview.health).toBe('consuming');
  });
});
