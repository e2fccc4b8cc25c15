// `npm run bench`, notifications part: how fast Tach commits notifications compared with a bare
// amqplib consumer on the same private RabbitMQ in the same run, how fast the events browser
// finds an instance or a request among 1M stored events, and Tach's resident memory meanwhile.
//
// Ingest: a queue is filled with BENCH_NOTIFICATIONS realistic v2 notifications (a request is an
// API update, then create.start and create.end), then drained once by a bare consumer (parse
// and ack, nothing else) and once by Tach's headless process (decode, commit in batches, derive
// timings and KPIs, then ack). Rate = notifications / time to drain. Tach's process is started
// once and kept, as a console is kept open, like the bench's own process the bare consumer runs
// in: each round it is told to consume the deployment's queue, and to stop once it has drained it.
// Search: BENCH_STORED_EVENTS events (default 1,000,000) written through the store, then
// random instance and request-id lookups through the engine's dispatch (validation included).
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import amqp from 'amqplib';
import BetterSqlite3 from 'better-sqlite3';
import { Engine } from '../src/main/engine/engine.ts';
import { silentLogger } from '../src/main/engine/kernel/logging/logger.ts';
import { decodeNotification } from '../src/main/engine/capabilities/notifications/decode-notification.ts';
import { KeyFileCipher } from '../src/main/engine/kernel/secrets/key-file-cipher.ts';
import { SecretBox } from '../src/main/engine/kernel/secrets/secret-box.ts';
import { DATABASE_FILE } from '../src/main/engine/kernel/store/database.ts';
import { openDatabase } from '../src/main/engine/store.ts';
import { NotificationStore, type IncomingNotification } from '../src/main/engine/capabilities/notifications/store/notification-store.ts';
import { readProcess } from './process-meter.ts';
import { headlessEngineArgs } from '../src/main/headless/engine-process.ts';

const QUEUE = 'monitor.info';
const TENANT = '6f70656e737461636b20342065766572';

/**
 * A random-looking uuid4 that is the same for the same (kind, n): Nova's message, instance and
 * request ids are uuid4s, which land anywhere in an index (sequential ids would flatter every
 * index), and the search part must know which ids exist.
 */
export function benchUuid(kind: string, n: number): string {
  const hex = createHash('md5').update(`${kind}:${n}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const benchInstance = (request: number) => benchUuid('instance', request);
export const benchRequestId = (request: number) => `req-${benchUuid('request', request)}`;

/** The i-th notification: three per request, one instance per request, as Nova sends a create. */
export function novaNotification(i: number, baseMs = Date.UTC(2026, 10, 23, 9)): string {
  const request = Math.floor(i / 3);
  const step = i % 3;
  const eventType = step === 0 ? 'compute.instance.update' : step === 1 ? 'compute.instance.create.start' : 'compute.instance.create.end';
  const stamp = new Date(baseMs + i * 7).toISOString().replace('T', ' ').replace('Z', '000');
  const instance = benchInstance(request);
  const message = {
    message_id: benchUuid('message', i),
    publisher_id: step === 0 ? 'api.ctl1' : `compute.host${request % 50}`,
    event_type: eventType,
    priority: 'INFO',
    payload: {
      tenant_id: TENANT,
      user_id: 'c0ffee00c0ffee00c0ffee00c0ffee00',
      instance_id: instance,
      instance_type: 'm1.small',
      display_name: `vm-${request}`,
      host: `host${request % 50}`,
      state: step === 2 ? 'active' : 'building',
      old_task_state: step === 2 ? 'spawning' : null,
      new_task_state: step === 2 ? null : 'spawning',
      image_meta: { os_distro: 'debian', os_version: '12', architecture: 'x86_64' },
      metadata: {},
    },
    timestamp: stamp,
    _unique_id: `u${i}`,
    _context_request_id: benchRequestId(request),
    _context_project_id: TENANT,
    _context_user_id: 'c0ffee00c0ffee00c0ffee00c0ffee00',
  };
  return JSON.stringify({ 'oslo.version': '2.0', 'oslo.message': JSON.stringify(message) });
}

/** Fills the queue with notifications `first`..`first + count - 1` (new message ids each round: Tach would skip seen ones). */
async function fill(url: string, count: number, first = 0): Promise<void> {
  const connection = await amqp.connect(url);
  const channel = await connection.createConfirmChannel();
  await channel.assertExchange('nova', 'topic', { durable: false, autoDelete: false });
  await channel.assertQueue(QUEUE, { durable: false, autoDelete: false });
  await channel.bindQueue(QUEUE, 'nova', QUEUE);
  await channel.purgeQueue(QUEUE);
  for (let i = 0; i < count; i++) {
    channel.publish('nova', QUEUE, Buffer.from(novaNotification(first + i)), { contentType: 'application/json' });
    if (i % 10_000 === 9_999) await channel.waitForConfirms();
  }
  await channel.waitForConfirms();
  await connection.close();
}

interface Drain {
  rate: number;
  /** CPU time the consumer's process spent per notification (all its threads). */
  cpuUsPerEvent: number;
}

/** The baseline: parse (both layers of the envelope) and ack, nothing else. */
async function drainBare(url: string, count: number): Promise<Drain> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const connection = await amqp.connect(url);
  const channel = await connection.createChannel();
  await channel.prefetch(1000);
  let seen = 0;
  await new Promise<void>((resolve) => {
    void channel.consume(QUEUE, (message) => {
      if (!message) return;
      const outer = JSON.parse(message.content.toString()) as { 'oslo.message': string };
      JSON.parse(outer['oslo.message']);
      seen += 1;
      if (seen % 500 === 0 || seen === count) channel.ack(message, true);
      if (seen === count) resolve();
    });
  });
  const elapsed = (performance.now() - started) / 1000;
  const { user, system } = process.cpuUsage(cpu);
  await connection.close();
  return { rate: count / elapsed, cpuUsPerEvent: (user + system) / count };
}

function lines(child: ChildProcess, onLine: (line: string) => void): void {
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
      onLine(buffer.slice(0, i));
      buffer = buffer.slice(i + 1);
    }
  });
}

interface TachDrain extends Drain {
  /** Committed (and acked): safe from loss. */
  rate: number;
  /** Rows, keys, timings, lifecycles and KPIs written too. */
  indexedRate: number;
  rssMb: number[];
}

/** Tach's headless process, with one deployment whose notifications are switched on for each drain. */
interface TachUnderTest {
  /** Switches the deployment's notifications on, and off again once `count` more are committed. */
  drain(count: number): Promise<TachDrain>;
  stop(): Promise<void>;
}

async function startTach(url: string): Promise<TachUnderTest> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tach-bench-notif-'));
  // BENCH_PROFILE=DIR writes a V8 CPU profile of the engine there, to see where the time goes.
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, ...headlessEngineArgs(['--port', '0', '--data', dataDir, '--log-level', 'warn'])], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = async () => {
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const base = await new Promise<string>((resolve) =>
      lines(child, (line) => {
        const match = /ready at (\S+)/.exec(line);
        if (match?.[1]) resolve(match[1]);
      }),
    );
    const call = async (method: string, path: string, body: unknown) => {
      const response = await fetch(new URL(`api/v1/${path}`, base), { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    };
    const notifications = (enabled: boolean) => ({ notifications: { enabled, exchanges: ['nova'], queues: [QUEUE] } });
    await call('POST', 'tenants', { name: 'bench' });
    await call('POST', 'tenants/1/deployments', { name: 'bench', broker: { url }, ...notifications(false) });
    // The store itself, read-only, as the observer: Tach's own counts are cached for the UI.
    const store = new BetterSqlite3(join(dataDir, DATABASE_FILE), { readonly: true });
    const committedSql = store.prepare<[], number>('SELECT coalesce(sum(event_count), 0) FROM nova_raw_blocks').pluck();
    const writtenSql = store.prepare<[], number>('SELECT count(*) FROM nova_events').pluck();
    const committedNow = () => committedSql.get() ?? 0;
    const writtenNow = () => writtenSql.get() ?? 0;
    return {
      async drain(count) {
        const before = committedNow();
        const rss: number[] = [];
        const cpuBefore = readProcess(child.pid ?? 0)?.cpuSeconds ?? 0;
        let cpuCommitted = 0;
        const started = performance.now();
        await call('PATCH', 'deployments/1', notifications(true));
        let quarter = 1;
        let committedAt: number | undefined;
        for (;;) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          const now = performance.now();
          const stored = committedNow() - before;
          while (stored >= (count * quarter) / 4 && quarter <= 4) {
            rss.push(readProcess(child.pid ?? 0)?.rssMb ?? 0);
            quarter += 1;
          }
          if (committedAt === undefined && stored >= count) {
            committedAt = now;
            cpuCommitted = (readProcess(child.pid ?? 0)?.cpuSeconds ?? 0) - cpuBefore;
            // Off while the next round refills the queue (the bare consumer drains it first).
            await call('PATCH', 'deployments/1', notifications(false));
          }
          if (committedAt !== undefined && writtenNow() >= before + count) {
            return { rate: count / ((committedAt - started) / 1000), cpuUsPerEvent: (cpuCommitted * 1e6) / count, indexedRate: count / ((now - started) / 1000), rssMb: rss };
          }
          if (now - started > 120_000) throw new Error(`Tach committed ${stored} and wrote ${writtenNow() - before} of ${count} in 120 s`);
        }
      },
      async stop() {
        store.close();
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** Fills a store with `count` events, then times instance and request-id lookups through the engine. */
async function searchLatency(count: number): Promise<{ fillSeconds: number; instance: number[]; request: number[]; dbMb: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tach-bench-search-'));
  const options = { dataDir, door: 'headless' as const, version: 'bench', log: silentLogger(), secrets: new SecretBox(KeyFileCipher.forDataDir(dataDir, () => {})) };
  try {
    let engine = new Engine(options);
    await engine.start();
    await engine.dispatch('tenants.create', { name: 'bench' });
    await engine.dispatch('deployments.create', { tenantId: 1, name: 'bench' });
    await engine.stop();

    const db = openDatabase(dataDir);
    const store = new NotificationStore(db);
    const started = performance.now();
    const BATCH = 5000;
    for (let from = 0; from < count; from += BATCH) {
      const batch: IncomingNotification[] = [];
      for (let i = from; i < Math.min(count, from + BATCH); i++) {
        const body = Buffer.from(novaNotification(i));
        const decoded = decodeNotification(body);
        if (decoded.ok) batch.push({ notification: decoded.notification, exchange: 'nova', queue: QUEUE, routingKey: QUEUE, receivedAt: Date.now(), body });
      }
      store.save(1, batch);
    }
    const fillSeconds = (performance.now() - started) / 1000;
    const { page_count: pages, page_size: size } = { page_count: db.pragma('page_count', { simple: true }) as number, page_size: db.pragma('page_size', { simple: true }) as number };
    db.close();

    engine = new Engine(options);
    await engine.start();
    const time = async (input: Record<string, unknown>) => {
      const t = performance.now();
      const result = await engine.dispatch('notifications.events', { deploymentId: 1, limit: 100, ...input });
      if (!result.ok) throw new Error(result.error.message);
      return performance.now() - t;
    };
    const requests = Math.floor(count / 3);
    const instance: number[] = [];
    const request: number[] = [];
    for (let i = 0; i < 300; i++) {
      const n = Math.floor(Math.random() * requests);
      instance.push(await time({ instance: benchInstance(n) }));
      request.push(await time({ requestId: benchRequestId(n) }));
    }
    await engine.stop();
    return { fillSeconds, instance: instance.sort((a, b) => a - b), request: request.sort((a, b) => a - b), dbMb: (pages * size) / 1024 / 1024 };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export async function runNotificationBench(amqpUrl: string, log: (line: string) => void): Promise<void> {
  const count = Number(process.env.BENCH_NOTIFICATIONS ?? 60_000);
  const stored = Number(process.env.BENCH_STORED_EVENTS ?? 1_000_000);
  // A drain lasts a few seconds, and this machine's speed drifts by a third from one minute to the
  // next: each round drains once with each consumer, back to back, and the median round is the figure.
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  log(`\nNotifications: ${rounds} rounds of draining ${count} queued v2 notifications (bare, then Tach), then searching ${stored} stored events.`);
  const ratios: number[] = [];
  const indexedRatios: number[] = [];
  const cpu: { bare: number[]; tach: number[] } = { bare: [], tach: [] };
  const tachProcess = await startTach(amqpUrl);
  try {
    for (let round = 1; round <= rounds; round++) {
      await fill(amqpUrl, count);
      const bare = await drainBare(amqpUrl, count);
      await fill(amqpUrl, count, round * count);
      const tach = await tachProcess.drain(count);
      ratios.push(tach.rate / bare.rate);
      indexedRatios.push(tach.indexedRate / bare.rate);
      cpu.bare.push(bare.cpuUsPerEvent);
      cpu.tach.push(tach.cpuUsPerEvent);
      log(
        `round ${round}: bare amqplib ${bare.rate.toFixed(0)}/s (parse + ack, ${bare.cpuUsPerEvent.toFixed(1)} µs CPU each); ` +
          `Tach ${tach.rate.toFixed(0)}/s committed and acked (${tach.cpuUsPerEvent.toFixed(1)} µs CPU each, all threads), ` +
          `${tach.indexedRate.toFixed(0)}/s with every row, timing, lifecycle and KPI written; ratio ${(tach.rate / bare.rate).toFixed(2)}; ` +
          `RSS at each quarter ${tach.rssMb.map((m) => m.toFixed(0)).join(' / ')} MB`,
      );
    }
  } finally {
    await tachProcess.stop();
  }
  log(`CPU per notification (median): bare ${median(cpu.bare).toFixed(1)} µs, Tach ${median(cpu.tach).toFixed(1)} µs`);
  log(`ratio Tach/bare ${median(ratios).toFixed(2)} committed (median of ${rounds}; target at least 0.7; rounds ${ratios.map((r) => r.toFixed(2)).join(' ')}), ${median(indexedRatios).toFixed(2)} indexed`);
  const search = await searchLatency(stored);
  const ms = (values: number[]) => `p50 ${percentile(values, 50).toFixed(2)} ms, p95 ${percentile(values, 95).toFixed(2)} ms, max ${(values.at(-1) ?? 0).toFixed(2)} ms`;
  log(`search among ${stored} events (store filled in ${search.fillSeconds.toFixed(0)} s, ${search.dbMb.toFixed(0)} MB):`);
  log(`  by instance:   ${ms(search.instance)}`);
  log(`  by request id: ${ms(search.request)} (target p95 under 20 ms)`);
}
