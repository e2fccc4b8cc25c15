// `npm run bench`: Celery event ingest, Tach's engine (state and persistence on) against a bare
// amqplib consumer that only parses, on the same private RabbitMQ in the same run.
// For each rate, a generator process publishes realistic traffic for BENCH_SECONDS (default 120);
// the rate is sustained when every event is consumed within 5 s of the end (a lagging
// `celery events` reader would have lost events to its queue's 5 s TTL by then).
// BENCH_RATES="10000,50000" and BENCH_SECONDS=30 make a quicker run.
// `tach quorum` is the same engine with settings.celery.durableQueue (a quorum event queue, written
// to the broker's disk): its cost shows in the highest sustained rate and in the broker's CPU.
// Then the notifications part (bench/notifications.ts): ingest against a bare consumer, search on 1M events.
import { spawn } from 'node:child_process';
import amqp from 'amqplib';
import { fileURLToPath } from 'node:url';
import { startBareConsumer, startTach, type ConsumerUnderTest } from '../bench/consumers.ts';
import { runNotificationBench } from '../bench/notifications.ts';
import { meter } from '../bench/process-meter.ts';
import { startRabbitMq } from '../test/harness/rabbitmq.ts';

const rates = (process.env.BENCH_RATES ?? '10000,25000,50000,75000,100000').split(',').map(Number);
const seconds = Number(process.env.BENCH_SECONDS ?? 120);
const GRACE_MS = 5_000;

interface Row { kind: string; rate: number; sent: number; consumed: number; lagMs: number | null; cpuPercent: number; brokerCpuPercent: number; peakRssMb: number; peakRssAtMillionTasksMb: number | null }

/** The generator sends three events per task (received, started, succeeded), heartbeats aside. */
const MILLION_TASKS_EVENTS = 3_000_000;

function generate(amqpUrl: string, rate: number): Promise<number> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('../bench/generate.ts', import.meta.url)), amqpUrl, String(rate), String(seconds)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve((JSON.parse(out) as { sent: number }).sent) : reject(new Error(`generator exited ${code}`)))));
}

async function deleteQueue(amqpUrl: string, queue: string): Promise<void> {
  const connection = await amqp.connect(amqpUrl);
  try {
    const channel = await connection.createChannel();
    await channel.deleteQueue(queue);
  } finally {
    await connection.close();
  }
}

async function level(kind: string, start: () => Promise<ConsumerUnderTest>, amqpUrl: string, rate: number, brokerPid: number | undefined): Promise<Row> {
  const consumer = await start();
  const broker = brokerPid === undefined ? undefined : meter(brokerPid);
  // A million tasks have been sent this long after the start (and taken in, if the rate is sustained).
  const usage = meter(consumer.pid, (MILLION_TASKS_EVENTS / rate) * 1000);
  const sent = await generate(amqpUrl, rate);
  const ended = Date.now();
  let consumed = await consumer.count();
  while (consumed < sent && Date.now() - ended < GRACE_MS) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    consumed = await consumer.count();
  }
  const lagMs = consumed >= sent ? Date.now() - ended : null;
  const { cpuPercent, peakRssMb, peakRssBeforeMarkMb: peakRssAtMillionTasksMb } = usage.stop();
  const brokerCpuPercent = broker?.stop().cpuPercent ?? 0;
  await consumer.stop();
  await deleteQueue(amqpUrl, consumer.queue);
  return { kind, rate, sent, consumed, lagMs, cpuPercent, brokerCpuPercent, peakRssMb, peakRssAtMillionTasksMb };
}

console.log(`Starting a private RabbitMQ; ${seconds} s per rate, rates ${rates.join(', ')} events/s.`);
const rabbit = await startRabbitMq();
const rows: Row[] = [];
try {
  const kinds = [
    ['bare amqplib', () => startBareConsumer(rabbit.amqpUrl)],
    ['tach engine', () => startTach(rabbit.amqpUrl)],
    ['tach quorum', () => startTach(rabbit.amqpUrl, { durableQueue: true })],
  ] as const;
  // BENCH_ONLY=tach (or bare) measures one side, e.g. while profiling; BENCH_ONLY="tach " the
  // classic and quorum queues only.
  for (const [kind, start] of kinds.filter(([kind]) => !process.env.BENCH_ONLY || kind.startsWith(process.env.BENCH_ONLY ?? ''))) {
    for (const rate of rates) {
      const row = await level(kind, start, rabbit.amqpUrl, rate, rabbit.pid());
      rows.push(row);
      console.log(
        `${kind.padEnd(13)} ${String(rate).padStart(7)}/s: ${row.consumed}/${row.sent} events, ${row.lagMs === null ? 'NOT sustained' : `caught up ${row.lagMs} ms after the end`}, CPU ${row.cpuPercent.toFixed(0)}% (broker ${row.brokerCpuPercent.toFixed(0)}%), peak RSS ${row.peakRssMb.toFixed(0)} MB${row.peakRssAtMillionTasksMb === null ? '' : ` (${row.peakRssAtMillionTasksMb.toFixed(0)} MB up to 1M tasks)`}`,
      );
      if (row.lagMs === null) break;
    }
  }
  // BENCH_ONLY=notifications skips Celery; BENCH_ONLY=tach or bare skips this part.
  if (!process.env.BENCH_ONLY || process.env.BENCH_ONLY === 'notifications') await runNotificationBench(rabbit.amqpUrl, (line) => console.log(line));
} finally {
  await rabbit.stop();
}
const best = (kind: string) => Math.max(0, ...rows.filter((r) => r.kind === kind && r.lagMs !== null).map((r) => r.rate));
const bare = best('bare amqplib');
const tach = best('tach engine');
if (rows.length > 0) console.log(`\nHighest sustained rate (${seconds} s, no loss): bare amqplib ${bare}/s, Tach ${tach}/s; ratio Tach/bare ${bare ? (tach / bare).toFixed(2) : 'n/a'}.`);
const quorum = best('tach quorum');
if (rows.some((r) => r.kind === 'tach quorum')) {
  console.log(`Quorum event queue: Tach ${quorum}/s against ${tach}/s with the classic queue; ratio quorum/classic ${tach ? (quorum / tach).toFixed(2) : 'n/a'}.`);
  // At each rate both sustained: what the quorum queue costs the broker and Tach.
  for (const q of rows.filter((r) => r.kind === 'tach quorum' && r.lagMs !== null)) {
    const c = rows.find((r) => r.kind === 'tach engine' && r.rate === q.rate && r.lagMs !== null);
    if (!c) continue;
    const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : 'n/a');
    console.log(`  at ${q.rate}/s: broker CPU ${q.brokerCpuPercent.toFixed(0)}% vs ${c.brokerCpuPercent.toFixed(0)}% (x${ratio(q.brokerCpuPercent, c.brokerCpuPercent)}), Tach CPU ${q.cpuPercent.toFixed(0)}% vs ${c.cpuPercent.toFixed(0)}% (x${ratio(q.cpuPercent, c.cpuPercent)})`);
  }
}
