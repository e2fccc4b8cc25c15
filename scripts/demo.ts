// `npm run demo`: a private RabbitMQ (management on) and ZooKeeper on free loopback ports, and
// the headless console on a fresh data dir with a demo tenant and deployment pointing at them.
// Ctrl-C stops everything it started.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHeadless } from '../src/main/headless/start-headless.ts';
import { startCeleryWorker } from '../test/harness/celery-worker.ts';
import { startHarness } from '../test/harness/harness.ts';
import { buildIfNeeded } from './build-if-needed.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
buildIfNeeded(root);
console.log('Starting a private RabbitMQ and ZooKeeper on loopback (about 10 s)…');
const harness = await startHarness({ handleSignals: false });
const dataDir = mkdtempSync(join(tmpdir(), 'tach-demo-'));
const tach = await startHeadless({
  host: '127.0.0.1',
  port: Number(process.env.PORT ?? 7420),
  dataDir,
  token: undefined,
  log: { level: 'warn', maxSize: '10M', maxFiles: 2, stderr: true },
});

// Seeded through the public REST API, exactly as a script of the operator's would.
const post = async (path: string, body?: unknown) => {
  const response = await fetch(new URL(`api/v1/${path}`, tach.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: number };
};
const tenant = await post('tenants', { name: 'Demo' });
const deployment = await post(`tenants/${tenant.id}/deployments`, {
  name: 'local',
  broker: { url: harness.rabbit.amqpUrl, managementUrl: harness.rabbit.managementUrl },
  zookeeper: { hosts: harness.zookeeper.hosts },
  celery: { enabled: true },
});
await post(`deployments/${deployment.id}/test`);

// Live Celery traffic from real Debian Celery workers: a steady trickle of tasks, some failing.
console.log('Starting two Celery workers (Debian python3-celery)…');
const workers = await Promise.all([
  startCeleryWorker({ brokerUrl: harness.rabbit.amqpUrl, hostname: 'alpha@demo' }),
  startCeleryWorker({ brokerUrl: harness.rabbit.amqpUrl, hostname: 'beta@demo', pool: 'solo' }),
]);
let sending: NodeJS.Timeout | undefined;
let round = 0;
const sendSome = () => {
  round += 1;
  const worker = workers[round % workers.length];
  const task = round % 7 === 0 ? worker?.sendTask('tach.fail', [`demo failure ${round}`]) : worker?.sendTask('tach.add', [round, round * 2]);
  void task?.catch(() => {});
  sending = setTimeout(sendSome, 1500);
};
sendSome();

console.log(`
Tach demo running:
  console      ${tach.url}#/deployments/${deployment.id}
  RabbitMQ     ${harness.rabbit.amqpUrl.replace(':guest@', ':****@')}  (management ${harness.rabbit.managementUrl}, guest/guest)
  ZooKeeper    ${harness.zookeeper.hosts}
  Celery       workers alpha@demo and beta@demo, a task every 1.5 s (every 7th fails)
  data dir     ${dataDir} (removed on exit)
Press Ctrl-C to stop.`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping the console, the workers, RabbitMQ and ZooKeeper…');
  clearTimeout(sending);
  await Promise.all(workers.map((worker) => worker.stop()));
  await tach.stop();
  await harness.stop();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
