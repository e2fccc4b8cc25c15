import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import amqp from 'amqplib';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { StoreHealth } from '../../src/shared/domain/types.ts';
import { createUserAndVhost, management } from '../support/management-api.ts';
import { startHeadlessProcess, type HeadlessProcess } from '../support/headless-process.ts';

// The data dir on a small tmpfs fills under Celery ingest, then space is freed (probe 5a,
// shared/probes/disk-full.sh): the real headless process stays alive, says "full" in its health
// and /metrics, stores and acks nothing while full, and once the filler is deleted stores every
// task the broker kept for it. Needs root to mount; skipped with the reason where mount fails.
const rabbit = inject('rabbit');
const root = mkdtempSync(join(tmpdir(), 'tach-disk-'));
const mountFailure = (() => {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', root], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return `mount -t tmpfs failed (${String((error as { stderr?: Buffer }).stderr ?? error).trim()})`;
  }
})();

const TASK_MESSAGES = 1_250;
const TASKS_PER_MESSAGE = 8;
const data = join(root, 'data');
const filler = join(root, 'filler');
const vhost = `disk-${randomUUID().slice(0, 8)}`;
let tach: HeadlessProcess;
let api: string;

const get = async <T>(path: string): Promise<T> => (await (await fetch(new URL(path, tach.url))).json()) as T;
const health = () => get<StoreHealth>('api/v1/health');
const metrics = async () => (await fetch(new URL('metrics', tach.url))).text();
const failedCommits = () => tach.output().split('celery batch not committed').length - 1;
/** Tasks in the store, read as a script would (its own read-only connection). */
function storedTasks(run: string): number {
  const db = new BetterSqlite3(join(data, 'tach.db'), { readonly: true });
  try {
    return db.prepare("SELECT count(*) FROM celery_tasks WHERE state = 'SUCCESS' AND name = ?").pluck().get(`disk.${run}`) as number;
  } finally {
    db.close();
  }
}
async function queueDepth(): Promise<number> {
  const queues = (await (await management(rabbit, 'GET', `queues/${encodeURIComponent(vhost)}`)).json()) as { name: string; messages?: number }[];
  return queues.find((q) => q.name.startsWith('tach.celeryev.'))?.messages ?? 0;
}

/** Fills the file system to `leave` bytes free. */
function fill(leave: number): void {
  const { bavail, bsize } = statfsSync(root);
  const fd = openSync(filler, 'w');
  const chunk = Buffer.alloc(1024 * 1024);
  try {
    for (let left = bavail * bsize - leave; left > 0; left -= chunk.length) writeSync(fd, chunk, 0, Math.min(chunk.length, left));
  } finally {
    closeSync(fd);
  }
}

/** One task.multi message: 8 tasks received, started and succeeded, as a prefork pool sends them. */
function taskMessage(run: string, n: number): Buffer {
  const now = Date.now() / 1000;
  const events = [];
  for (let t = 0; t < TASKS_PER_MESSAGE; t++) {
    const uuid = randomUUID();
    const common = { hostname: 'celery@disk', utcoffset: 0, pid: 4000, clock: n * 8 + t, uuid, timestamp: now };
    events.push(
      { ...common, type: 'task-received', name: `disk.${run}`, args: `[${n}, ${t}, '${'x'.repeat(200)}']`, kwargs: '{}', retries: 0 },
      { ...common, type: 'task-started' },
      { ...common, type: 'task-succeeded', result: `'${'r'.repeat(100)}'`, runtime: 0.01 },
    );
  }
  return Buffer.from(JSON.stringify(events));
}

beforeAll(async () => {
  if (mountFailure) return;
  mkdirSync(data);
  await createUserAndVhost(rabbit, `disk-${vhost}`, 'disk-pw', vhost);
  const brokerUrl = `amqp://disk-${vhost}:disk-pw@127.0.0.1:${rabbit.amqpPort}/${encodeURIComponent(vhost)}`;
  // No backups: they would take space this test measures.
  tach = await startHeadlessProcess(['--port', '0', '--data', data], { ...process.env, TACH_BACKUPS: '0' });
  api = new URL('api/v1/', tach.url).href;
  const post = async (path: string, body: unknown) =>
    (await (await fetch(new URL(path, api), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as { id: number };
  const tenant = await post('tenants', { name: 'disk' });
  const deployment = await post(`tenants/${tenant.id}/deployments`, { name: 'd', broker: { url: brokerUrl }, celery: { enabled: true } });
  await vi.waitFor(async () => expect((await get<{ consumer: { state: string } }>(`api/v1/deployments/${deployment.id}/celery`)).consumer.state).toBe('consuming'), { timeout: 20_000, interval: 200 });
  // Kept for publishing below.
  process.env.TACH_DISK_TEST_BROKER = brokerUrl;
}, 60_000);

afterAll(async () => {
  await tach?.stop();
  if (!mountFailure) execFileSync('umount', ['-l', root]);
  rmSync(root, { recursive: true, force: true });
  if (!mountFailure) await management(rabbit, 'DELETE', `vhosts/${encodeURIComponent(vhost)}`).catch(() => {});
});

describe.skipIf(mountFailure !== undefined)(`a full data disk under Celery ingest${mountFailure ? ` (skipped: ${mountFailure})` : ''}`, () => {
  it('keeps running, says so, stores and acks nothing while full, then stores every task once space frees', async () => {
    const run = randomUUID().slice(0, 8);
    fill(3 * 1024 * 1024);
    const connection = await amqp.connect(process.env.TACH_DISK_TEST_BROKER ?? '');
    const channel = await connection.createConfirmChannel();
    for (let n = 0; n < TASK_MESSAGES; n++) {
      channel.publish('celeryev', 'task.multi', taskMessage(run, n), { contentType: 'application/json', contentEncoding: 'utf-8' });
      if (n % 100 === 99) await channel.waitForConfirms();
    }
    await channel.waitForConfirms();
    await connection.close();
    const all = TASK_MESSAGES * TASKS_PER_MESSAGE;

    // Full: said in the health line and /metrics, and the process is alive.
    await expect.poll(async () => (await health()).state, { timeout: 30_000 }).toBe('full');
    expect((await health()).message).toContain('Disk full');
    expect(await metrics()).toContain('tach_store_disk_full 1');
    expect(await metrics()).toMatch(/^tach_store_free_bytes \d+$/m);

    // While full: the consumer retries (each redelivery fails to commit) and nothing is acked that is
    // not stored: what the store holds plus what still waits in the queue covers every task sent.
    // (Some retries may commit: the writer's idle checkpoint truncates the WAL, which frees space
    // the next redelivery can use; that is storing, not losing. The queue depth the management API
    // reports can lag, which only ever shows more waiting, never less.)
    const failuresBefore = failedCommits();
    await expect.poll(async () => (await queueDepth()) > 0, { timeout: 20_000 }).toBe(true);
    await expect.poll(() => failedCommits(), { timeout: 60_000 }).toBeGreaterThanOrEqual(failuresBefore + 2);
    const stored = storedTasks(run);
    expect(stored).toBeLessThan(all);
    expect(stored + (await queueDepth()) * TASKS_PER_MESSAGE).toBeGreaterThanOrEqual(all);
    expect(tach.child.exitCode).toBeNull();

    // Space frees: storing resumes by itself, the state clears, and every task is stored.
    rmSync(filler);
    await expect.poll(() => storedTasks(run), { timeout: 120_000, interval: 500 }).toBe(all);
    await expect.poll(async () => (await health()).state, { timeout: 20_000 }).not.toBe('full');
    expect(await metrics()).toContain('tach_store_disk_full 0');
    await expect.poll(() => queueDepth(), { timeout: 30_000 }).toBe(0);
    expect(tach.child.exitCode).toBeNull();
  }, 300_000);
});
