import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { eventQueueName } from '../src/main/engine/capabilities/celery/event-queue.ts';
import { DATABASE_FILE } from '../src/main/engine/kernel/store/database.ts';
import { headlessEngineArgs } from '../src/main/headless/engine-process.ts';

export interface ConsumerUnderTest {
  pid: number;
  /**
   * Its queue on the broker. Both kinds declare a durable queue that outlives them (as Tach's
   * must); left bound to `celeryev`, it would take a copy of the next run's traffic and slow the
   * broker under the next consumer measured (Tach fell from 6.0M to 4.6M events in one run).
   */
  queue: string;
  /** Events the consumer has taken in so far. */
  count(): Promise<number>;
  stop(): Promise<void>;
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

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

const stopChild = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });

/** The baseline: parses and counts, nothing else. */
export async function startBareConsumer(amqpUrl: string): Promise<ConsumerUnderTest> {
  const child = spawn(process.execPath, [here('./bare-consumer.ts'), amqpUrl], { stdio: ['ignore', 'pipe', 'inherit'] });
  let events = 0;
  await new Promise<void>((resolve) =>
    lines(child, (line) => {
      const message = JSON.parse(line) as { ready?: boolean; events?: number };
      if (message.ready) resolve();
      if (message.events !== undefined) events = message.events;
    }),
  );
  return { pid: child.pid ?? 0, queue: `bench.bare.${child.pid}`, count: async () => events, stop: () => stopChild(child) };
}

/**
 * Tach's headless console with one deployment monitoring Celery on the broker: state and persistence
 * on. `durableQueue` makes its event queue a quorum queue (settings.celery.durableQueue).
 */
export async function startTach(amqpUrl: string, options: { durableQueue?: boolean } = {}): Promise<ConsumerUnderTest> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tach-bench-'));
  // BENCH_PROFILE=DIR writes a V8 CPU profile of the engine there, to see where the time goes.
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  // BENCH_NODE_ARGS passes V8 flags to the engine (e.g. --max-old-space-size=160 to tell garbage from live data).
  profile.push(...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []));
  const child = spawn(process.execPath, [...profile, ...headlessEngineArgs(['--port', '0', '--data', dataDir, '--log-level', 'warn'])], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve) =>
    lines(child, (line) => {
      const match = /ready at (\S+)/.exec(line);
      if (match?.[1]) resolve(match[1]);
    }),
  );
  const post = (path: string, body: unknown) =>
    fetch(new URL(`api/v1/${path}`, url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await post('tenants', { name: 'bench' });
  // enable_events is off: the generator is not a real worker and would not answer anyway.
  await post('tenants/1/deployments', { name: 'bench', broker: { url: amqpUrl }, celery: { enabled: true, enableEventsInterval: null, durableQueue: options.durableQueue ?? false } });
  const overview = async () => (await (await fetch(new URL('api/v1/deployments/1/celery', url))).json()) as { consumer: { state: string; eventsTotal: number } };
  for (let i = 0; i < 200 && (await overview()).consumer.state !== 'consuming'; i++) await new Promise((r) => setTimeout(r, 100));
  const store = new BetterSqlite3(join(dataDir, DATABASE_FILE), { readonly: true });
  const installId = store.prepare<[], string>("SELECT value FROM meta WHERE key = 'install_id'").pluck().get() ?? '';
  store.close();
  return {
    pid: child.pid ?? 0,
    queue: eventQueueName(installId, 1),
    count: async () => (await overview()).consumer.eventsTotal,
    async stop() {
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
