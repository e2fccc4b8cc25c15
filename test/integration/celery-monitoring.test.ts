import { text } from 'node:stream/consumers';
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CeleryTaskDetail, CeleryWorker } from '../../src/shared/domain/celery.ts';
import { startCeleryWorker, type CeleryWorker as Worker } from '../harness/celery-worker.ts';
import { startTempEngine } from '../support/temp-engine.ts';

// Celery monitoring against real Debian Celery workers on the harness broker: the event stream
// into workers and tasks, offline detection, remote control, malformed events, and state that
// survives a restart of Tach.
const rabbit = inject('rabbit');
let tach: Awaited<ReturnType<typeof startTempEngine>>;
let deploymentId: number;
let alpha: Worker;
let beta: Worker;

const workers = () => tach.call('celery.workers', { deploymentId });
const worker = async (hostname: string): Promise<CeleryWorker | undefined> => (await workers()).find((w) => w.hostname === hostname);
const task = async (uuid: string): Promise<CeleryTaskDetail | undefined> => {
  const result = await tach.engine.dispatch('celery.task', { deploymentId, uuid });
  return result.ok ? (result.value as CeleryTaskDetail) : undefined;
};

beforeAll(async () => {
  tach = await startTempEngine();
  const tenant = await tach.call('tenants.create', { name: 'celery-it' });
  const deployment = await tach.call('deployments.create', {
    tenantId: tenant.id,
    name: 'fleet',
    broker: { url: rabbit.amqpUrl },
    celery: { enabled: true, camera: { frequency: 0.5 } },
  });
  deploymentId = deployment.id;
  [alpha, beta] = await Promise.all([
    startCeleryWorker({ brokerUrl: rabbit.amqpUrl, hostname: 'alpha@tach', heartbeatInterval: 1 }),
    startCeleryWorker({ brokerUrl: rabbit.amqpUrl, hostname: 'beta@tach', heartbeatInterval: 1, pool: 'solo' }),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all([alpha?.stop(), beta?.stop()]);
  await tach?.stop();
});

describe('Celery monitoring with live workers', () => {
  it('consumes the event stream once monitoring is on', async () => {
    await expect.poll(async () => (await tach.call('celery.overview', { deploymentId })).consumer.state, { timeout: 15_000 }).toBe('consuming');
  });

  it('shows both workers online with their heartbeat details', async () => {
    await expect.poll(async () => (await worker('alpha@tach'))?.status, { timeout: 15_000 }).toBe('online');
    await expect.poll(async () => (await worker('beta@tach'))?.status, { timeout: 15_000 }).toBe('online');
    expect(await worker('alpha@tach')).toMatchObject({ freq: 1, software: expect.stringMatching(/^py-celery 5\.\d+\.\d+/), pid: expect.any(Number) });
  });

  it('follows tasks that succeed, fail and retry, with results, exceptions and transition times', async () => {
    const ok = await alpha.sendTask('tach.add', [2, 3]);
    const failing = await alpha.sendTask('tach.fail', ['boom on purpose']);
    const retried = await alpha.sendTask('tach.retry_once', ['k1']);
    await expect.poll(async () => (await task(ok))?.state, { timeout: 15_000 }).toBe('SUCCESS');
    // Celery 5.2 sends args as the repr of what the client passed (a list here).
    expect(await task(ok)).toMatchObject({ name: 'tach.add', args: '[2, 3]', result: '5', runtime: expect.any(Number) });
    const done = await task(ok);
    expect(Date.parse(done?.received ?? '')).toBeLessThanOrEqual(Date.parse(done?.succeeded ?? ''));
    await expect.poll(async () => (await task(failing))?.state, { timeout: 15_000 }).toBe('FAILURE');
    // Celery 5.2 sends either the exception's repr or, for a failure that came back through the
    // prefork pool, billiard's empty wrapper; Tach then names it from the traceback's last line.
    expect((await task(failing))?.exception).toMatch(/^ValueError(\('boom on purpose'\)|: boom on purpose)$/);
    expect((await task(failing))?.traceback).toContain('Traceback');
    await expect.poll(async () => (await task(retried))?.state, { timeout: 15_000 }).toBe('SUCCESS');
    expect((await task(retried))?.retried).not.toBeNull();
  });

  it('lists tasks newest first with filters, as the REST API and tasks table use them', async () => {
    const failures = await tach.call('celery.tasks', { deploymentId, state: 'FAILURE' });
    expect(failures.tasks.length).toBeGreaterThanOrEqual(1);
    expect(failures.tasks.every((t) => t.state === 'FAILURE')).toBe(true);
    const searched = await tach.call('celery.tasks', { deploymentId, search: 'boom on purpose' });
    expect(searched.tasks.map((t) => t.name)).toContain('tach.fail');
    const overview = await tach.call('celery.overview', { deploymentId });
    expect(overview.tasksByState.SUCCESS).toBeGreaterThanOrEqual(2);
    expect(overview.consumer.eventsTotal).toBeGreaterThan(0);
  });

  it('answers inspect and control commands per worker, naming a worker that does not answer', async () => {
    const ping = await tach.call('celery.inspect', { deploymentId, method: 'ping', destination: ['alpha@tach', 'ghost@nowhere'] });
    expect(ping.replies).toEqual({ 'alpha@tach': { ok: 'pong' } });
    expect(ping.missing).toEqual(['ghost@nowhere']);
    const stats = await tach.call('celery.inspect', { deploymentId, method: 'stats', destination: ['beta@tach'] });
    expect(stats.replies['beta@tach']).toMatchObject({ pool: expect.any(Object) });
    const limited = await tach.call('celery.control', { deploymentId, method: 'rate_limit', arguments: { task_name: 'tach.add', rate_limit: '10/s' }, destination: ['alpha@tach'] });
    expect(limited.replies['alpha@tach']).toMatchObject({ ok: expect.stringContaining('rate limit') });
    const wrongKind = await tach.engine.dispatch('celery.inspect', { deploymentId, method: 'shutdown' });
    expect(wrongKind).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'method' } });
  });

  it('revokes a task waiting for its countdown; the task ends REVOKED', async () => {
    // The worker sends task-revoked when the countdown ends and it discards the task, not at once.
    const later = await alpha.sendTask('tach.add', [1, 1], {}, { countdown: 3 });
    await expect.poll(async () => (await task(later))?.state, { timeout: 15_000 }).toBe('RECEIVED');
    await tach.call('celery.control', { deploymentId, method: 'revoke', arguments: { task_id: later } });
    await expect.poll(async () => (await task(later))?.state, { timeout: 15_000 }).toBe('REVOKED');
  });

  it('refuses control commands on a read-only deployment, still answering inspections', async () => {
    await tach.call('deployments.update', { id: deploymentId, celery: { readOnly: true } });
    const refused = await tach.engine.dispatch('celery.control', { deploymentId, method: 'enable_events' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('read-only') } });
    await expect.poll(async () => (await tach.engine.dispatch('celery.inspect', { deploymentId, method: 'ping', destination: ['alpha@tach'] })).ok, { timeout: 15_000 }).toBe(true);
    await tach.call('deployments.update', { id: deploymentId, celery: { readOnly: false } });
  });

  it('keeps malformed events with the reason, and goes on consuming', async () => {
    const connection = await amqp.connect(rabbit.amqpUrl);
    const channel = await connection.createChannel();
    channel.publish('celeryev', 'worker.heartbeat', Buffer.from('{"type": "worker-heartbeat", '), { contentType: 'application/json' });
    channel.publish('celeryev', 'task.multi', Buffer.from('\x80\x04pickled'), { contentType: 'application/x-python-serialize' });
    await channel.close();
    await connection.close();
    await expect.poll(async () => (await tach.call('celery.rejected', { deploymentId })).length, { timeout: 10_000 }).toBe(2);
    const reasons = (await tach.call('celery.rejected', { deploymentId })).map((r) => r.reason).join(' | ');
    expect(reasons).toMatch(/invalid JSON on worker\.heartbeat/);
    expect(reasons).toMatch(/application\/x-python-serialize is not supported/);
    // Still consuming: a fresh task is seen.
    const after = await alpha.sendTask('tach.add', [4, 4]);
    await expect.poll(async () => (await task(after))?.result, { timeout: 15_000 }).toBe('8');
  });

  it('marks a worker killed with SIGKILL offline once its heartbeats stop (no worker-offline sent), and only that worker', async () => {
    await beta.kill();
    await expect.poll(async () => (await worker('beta@tach'))?.status, { timeout: 30_000, interval: 200 }).toBe('offline');
    expect((await worker('alpha@tach'))?.status).toBe('online');
  });

  it('takes camera snapshots while events arrive, and exports them as CSV a spreadsheet opens', async () => {
    const snapshots = await tach.call('celery.snapshots', { deploymentId });
    expect(snapshots.length).toBeGreaterThan(0);
    const last = snapshots.at(-1);
    expect(last?.workers.map((w) => w.hostname)).toContain('alpha@tach');
    expect(last?.events.total).toBeGreaterThan(0);
    const range = tach.engine.snapshotCsv({ deploymentId });
    if (!range.ok) throw new Error(range.error.message);
    expect(range.value.filename).toBe('tach-fleet-snapshots-all.csv');
    const csv = await text(range.value.stream);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('\uFEFFtaken_at,deployment,worker,worker_status,worker_active,worker_processed,worker_load_1m,worker_last_heartbeat,workers_online,workers_offline,tasks_pending,tasks_received,tasks_started,tasks_success,tasks_failure,tasks_retry,tasks_revoked,tasks_rejected,events');
    expect(lines[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z,fleet,(alpha|beta)@tach,(online|offline),/);
    const one = tach.engine.snapshotCsv({ snapshotId: last?.id ?? 0 });
    if (!one.ok) throw new Error(one.error.message);
    expect((await text(one.value.stream)).split('\r\n').filter(Boolean).length).toBe(1 + (last?.workers.length ?? 0));
  });

  it('keeps workers and tasks across a restart of Tach', async () => {
    const before = await tach.call('celery.tasks', { deploymentId, limit: 1000 });
    const restarted = await tach.restart();
    tach = restarted;
    const after = await restarted.call('celery.tasks', { deploymentId, limit: 1000 });
    expect(after.tasks.map((t) => t.uuid).sort()).toEqual(before.tasks.map((t) => t.uuid).sort());
    expect((await restarted.call('celery.workers', { deploymentId })).map((w) => w.hostname).sort()).toEqual(['alpha@tach', 'beta@tach']);
  });
});
