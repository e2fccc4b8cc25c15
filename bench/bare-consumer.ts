// The baseline: a bare amqplib consumer that parses every event and does nothing else, on a
// queue declared like Tach's, acking in batches. `node bench/bare-consumer.ts <amqpUrl>`;
// prints {"events": N} lines every 200 ms.
import amqp from 'amqplib';

const [url = ''] = process.argv.slice(2);
const connection = await amqp.connect(url);
const channel = await connection.createChannel();
await channel.assertExchange('celeryev', 'topic', { durable: true, autoDelete: false });
const queue = `bench.bare.${process.pid}`;
await channel.assertQueue(queue, { durable: true, autoDelete: false, arguments: { 'x-expires': 600_000, 'x-max-length': 1_000_000, 'x-overflow': 'drop-head' } });
await channel.bindQueue(queue, 'celeryev', '#');
await channel.prefetch(5000);
let events = 0;
let unacked = 0;
await channel.consume(queue, (message) => {
  if (!message) return;
  const body = JSON.parse(message.content.toString('utf8')) as unknown;
  events += Array.isArray(body) ? body.length : 1;
  if (++unacked >= 1000) {
    channel.ack(message, true);
    unacked = 0;
  }
});
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
const report = () => {
  process.stdout.write(`${JSON.stringify({ events })}\n`);
  setTimeout(report, 200);
};
report();
