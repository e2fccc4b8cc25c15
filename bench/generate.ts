// The traffic generator, run as its own process so it never shares a CPU slice with the consumer
// measured: `node bench/generate.ts <amqpUrl> <eventsPerSecond> <seconds>`; prints {"sent": N}.
import amqp from 'amqplib';
import { heartbeat, taskBatch, workerNames } from './celery-traffic.ts';

const [url = '', rateText = '1000', secondsText = '10'] = process.argv.slice(2);
const rate = Number(rateText);
const seconds = Number(secondsText);
const connection = await amqp.connect(url);
const channel = await connection.createChannel();
await channel.assertExchange('celeryev', 'topic', { durable: true, autoDelete: false });
const workers = workerNames(50);
const options = { contentType: 'application/json', contentEncoding: 'utf-8', deliveryMode: 1 };

let sent = 0;
let clock = 1;
const started = Date.now();
const end = started + seconds * 1000;
let nextHeartbeat = started;
while (Date.now() < end) {
  const now = Date.now();
  if (now >= nextHeartbeat) {
    for (const worker of workers) {
      const message = heartbeat(worker, clock++);
      channel.publish('celeryev', message.routingKey, message.body, options);
      sent += message.events;
    }
    nextHeartbeat += 2000;
  }
  // Keep the total on schedule: publish what the target rate owes by now, in 10 ms steps.
  const owed = Math.floor(((now - started) / 1000) * rate) - sent;
  for (let published = 0; published < owed; ) {
    const message = taskBatch(workers[clock % workers.length] ?? 'celery@bench', clock);
    clock += 8;
    published += message.events;
    sent += message.events;
    if (!channel.publish('celeryev', message.routingKey, message.body, options)) {
      await new Promise((resolve) => channel.once('drain', resolve));
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 10));
}
await channel.close();
await connection.close();
process.stdout.write(`${JSON.stringify({ sent, seconds: (Date.now() - started) / 1000 })}\n`);
