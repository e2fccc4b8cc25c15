import amqp, { type Channel, type ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Alert } from '../../src/shared/domain/broker.ts';
import { startTaskflowBoard, type TaskflowBoard } from '../harness/taskflow-board.ts';
import { startTempEngine, type TempEngine } from '../support/temp-engine.ts';

// The alert rules that broker-health.test.ts does not reach (it has queue.no_consumer and
// broker.poll_failed), each opened by a real condition on the harness's RabbitMQ and ZooKeeper:
// a deep queue, a growing one, a message held unacknowledged, a Celery event queue nothing reads,
// a notification consumer that cannot log in, a TaskFlow job nobody claims. Every rule is off on
// the deployment and switched on for its own queue only, so one condition opens one alert.
const rabbit = inject('rabbit');
const zookeeper = inject('zookeeper');
const run = `${process.pid}-${Date.now().toString(36)}`;
const Q = {
  depth: `alerts.depth.${run}`,
  growth: `alerts.growth.${run}`,
  unacked: `alerts.unacked.${run}`,
  events: `celeryev.alerts-${run}`,
};
const subject = (queue: string) => `%2F/${queue}`;
const OFF = { depth: null, growthPerMinute: null, noConsumerDepth: null, unackedAgeSeconds: null, eventTtlRatio: null };
// The management plugin refreshes its queue figures every 5 s.
const WAIT = { timeout: 45_000, interval: 250 };

let tach: TempEngine;
let tenantId: number;
let connection: ChannelModel;
let channel: Channel;
let queuesDeployment: number;

const alertOf = async (deploymentId: number, rule: string, about: string): Promise<Alert | undefined> =>
  (await tach.call('alerts.list', { deploymentId })).find((alert) => alert.rule === rule && alert.subject === about);
/** Waits for the rule's alert on `about` to be open, and answers it. */
async function opened(deploymentId: number, rule: string, about: string): Promise<Alert> {
  await expect.poll(async () => (await alertOf(deploymentId, rule, about))?.closedAt, WAIT).toBeNull();
  const alert = await alertOf(deploymentId, rule, about);
  if (!alert) throw new Error(`no ${rule} alert on ${about}`);
  return alert;
}

beforeAll(async () => {
  tach = await startTempEngine();
  tenantId = (await tach.call('tenants.create', { name: 'alert-rules-it' })).id;
  connection = await amqp.connect(rabbit.amqpUrl);
  channel = await connection.createChannel();
  queuesDeployment = (
    await tach.call('deployments.create', {
      tenantId,
      name: 'queues',
      broker: { url: rabbit.amqpUrl, managementUrl: rabbit.managementUrl },
      brokerHealth: {
        pollInterval: 1,
        thresholds: OFF,
        queueOverrides: [
          { queue: subject(Q.depth), thresholds: { depth: 5 } },
          { queue: subject(Q.growth), thresholds: { growthPerMinute: 1 } },
          { queue: subject(Q.unacked), thresholds: { unackedAgeSeconds: 1 } },
          { queue: subject(Q.events), thresholds: { eventTtlRatio: 0.5 } },
        ],
      },
      alerts: { graceSeconds: 0 },
    })
  ).id;
}, 60_000);

afterAll(async () => {
  await tach?.stop();
  const cleanup = await connection?.createChannel();
  for (const name of Object.values(Q)) await cleanup?.deleteQueue(name).catch(() => {});
  await connection?.close();
});

describe('queue rules, on the real broker', () => {
  it('queue.depth: a queue holding as many messages as its threshold', async () => {
    await channel.assertQueue(Q.depth, { durable: false });
    for (let i = 0; i < 6; i++) channel.sendToQueue(Q.depth, Buffer.from(`m${i}`));
    const alert = await opened(queuesDeployment, 'queue.depth', subject(Q.depth));
    expect(alert).toMatchObject({ severity: 'warning', message: `Queue ${Q.depth} holds 6 messages (threshold 5).`, lastValue: 6 });
    // Only its own rule: the deployment's thresholds are all off.
    expect((await tach.call('alerts.list', { deploymentId: queuesDeployment })).filter((a) => a.subject === subject(Q.depth)).map((a) => a.rule)).toEqual(['queue.depth']);
  });

  it('queue.growth: a queue seen empty, then holding messages', async () => {
    await channel.assertQueue(Q.growth, { durable: false });
    // Seen empty first, so the next figures are growth.
    await expect.poll(async () => (await tach.call('broker.health', { deploymentId: queuesDeployment })).queues.find((q) => q.name === Q.growth)?.messages, WAIT).toBe(0);
    for (let i = 0; i < 4; i++) channel.sendToQueue(Q.growth, Buffer.from(`m${i}`));
    const alert = await opened(queuesDeployment, 'queue.growth', subject(Q.growth));
    expect(alert.severity).toBe('warning');
    expect(alert.message).toMatch(new RegExp(`^Queue ${Q.growth.replace(/\./g, '\\.')} grows by [\\d,]+ messages a minute \\(threshold 1\\); it now holds 4\\.$`));
    expect(alert.lastValue).toBeGreaterThanOrEqual(1);
  });

  it('queue.unacked_age: a consumer that took a message and never acknowledges it', async () => {
    await channel.assertQueue(Q.unacked, { durable: false });
    const stuck = await connection.createChannel();
    await stuck.prefetch(1);
    await stuck.consume(Q.unacked, () => {}, { noAck: false });
    channel.sendToQueue(Q.unacked, Buffer.from('held'));
    const alert = await opened(queuesDeployment, 'queue.unacked_age', subject(Q.unacked));
    expect(alert.message).toMatch(new RegExp(`^Queue ${Q.unacked.replace(/\./g, '\\.')} has 1 unacknowledged message and no ack for [\\d,]+ s: a consumer may be stuck\\.$`));
    // Once it is acknowledged (the consumer's channel closes, the message goes back and is taken), the alert closes.
    await stuck.close();
    await channel.purgeQueue(Q.unacked);
    await expect.poll(async () => (await alertOf(queuesDeployment, 'queue.unacked_age', subject(Q.unacked)))?.closedAt, WAIT).toEqual(expect.any(String));
  });

  it('queue.event_ttl: a Celery event queue with a message TTL that nothing consumes', async () => {
    await channel.assertQueue(Q.events, { durable: false, arguments: { 'x-message-ttl': 600_000 } });
    for (let i = 0; i < 3; i++) channel.sendToQueue(Q.events, Buffer.from('{"type": "worker-heartbeat"}'));
    const alert = await opened(queuesDeployment, 'queue.event_ttl', subject(Q.events));
    expect(alert).toMatchObject({
      severity: 'critical',
      message: `Event queue ${Q.events} holds 3 events that nothing consumes: they expire after 600 s and are lost silently.`,
    });
  });
});

describe('notifications.stalled, on the real broker', () => {
  it('opens while the notification consumer cannot log in, and closes once it consumes', async () => {
    const wrong = new URL(rabbit.amqpUrl);
    wrong.password = 'not-the-password';
    const { id } = await tach.call('deployments.create', {
      tenantId,
      name: 'stalled',
      broker: { url: wrong.toString() },
      notifications: { enabled: true, exchanges: ['nova'], queues: [`alerts.notifications.${run}`] },
      alerts: { graceSeconds: 0 },
    });
    const alert = await opened(id, 'notifications.stalled', 'consumer');
    expect(alert.message).toMatch(/^The notification consumer has not been consuming for \d+ s: Authentication failed for user "guest"/);
    await tach.call('deployments.update', { id, broker: { url: rabbit.amqpUrl } });
    await expect.poll(async () => (await alertOf(id, 'notifications.stalled', 'consumer'))?.closedAt, WAIT).toEqual(expect.any(String));
    await tach.call('deployments.remove', { id });
    const cleanup = await connection.createChannel();
    await cleanup.deleteQueue(`alerts.notifications.${run}`).catch(() => {});
  });
});

describe('jobboard.waiting, on a real TaskFlow board', () => {
  let board: TaskflowBoard | undefined;
  afterAll(async () => {
    await board?.close();
  });

  it('opens for a job left unclaimed past the threshold, and closes once a conductor claims it', async () => {
    const path = `/taskflow/jobs/alerts-${run}`;
    board = await startTaskflowBoard(zookeeper.hosts, path);
    const uuid = await board.post('job-nobody-claims', { store: {} });
    const { id } = await tach.call('deployments.create', {
      tenantId,
      name: 'boards',
      zookeeper: { hosts: zookeeper.hosts, jobboards: [path], discover: null },
      jobboards: { waitingAlertSeconds: 1, sampleSeconds: 1 },
      alerts: { graceSeconds: 0 },
    });
    const alert = await opened(id, 'jobboard.waiting', path);
    expect(alert.message).toMatch(new RegExp(`^1 job on ${path} waited over 1 s for a claim; the oldest \\(job-nobody-claims\\) for \\d+ s\\. Are its conductors running\\?$`));
    await board.claim(uuid, 'conductor-1');
    await expect.poll(async () => (await alertOf(id, 'jobboard.waiting', path))?.closedAt, WAIT).toEqual(expect.any(String));
  }, 90_000);
});
