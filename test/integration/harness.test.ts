import { randomUUID } from 'node:crypto';
import amqp from 'amqplib';
import zookeeper from 'node-zookeeper-client';
import type { Client } from 'node-zookeeper-client';
import { describe, expect, inject, it } from 'vitest';

// Smoke test of the harness itself: the services globalSetup started are real and reachable
// with the same client libraries the engine uses.

describe('harness RabbitMQ', () => {
  const rabbit = inject('rabbit');

  it('publishes and gets a message over AMQP', async () => {
    const connection = await amqp.connect(rabbit.amqpUrl);
    try {
      const channel = await connection.createChannel();
      const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
      channel.sendToQueue(queue, Buffer.from('hello tach'), { contentType: 'text/plain' });
      // sendToQueue only buffers; poll because get() can race ahead of the publish.
      let message: amqp.GetMessage | false = false;
      for (let attempt = 0; attempt < 50 && message === false; attempt++) {
        message = await channel.get(queue, { noAck: true });
        if (message === false) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(message).not.toBe(false);
      if (message !== false) expect(message.content.toString()).toBe('hello tach');
      await channel.close();
    } finally {
      await connection.close();
    }
  });

  it('answers the management API', async () => {
    const response = await fetch(`${rabbit.managementUrl}/api/overview`, {
      headers: { authorization: `Basic ${Buffer.from(`${rabbit.user}:${rabbit.password}`).toString('base64')}` },
    });
    expect(response.status).toBe(200);
    const overview = (await response.json()) as { rabbitmq_version?: unknown; listeners?: { port: number }[] };
    expect(typeof overview.rabbitmq_version).toBe('string');
    expect(overview.listeners?.some((listener) => listener.port === rabbit.amqpPort)).toBe(true);
  });
});

function connectZooKeeper(hosts: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client = zookeeper.createClient(hosts, { sessionTimeout: 10_000, retries: 0 });
    const timer = setTimeout(() => {
      client.close();
      reject(new Error(`no ZooKeeper session with ${hosts} within 10 s`));
    }, 10_000);
    client.once('connected', () => {
      clearTimeout(timer);
      resolve(client);
    });
    client.connect();
  });
}

describe('harness ZooKeeper', () => {
  const { hosts } = inject('zookeeper');

  it('creates and reads a znode', async () => {
    const client = await connectZooKeeper(hosts);
    try {
      const path = `/tach-harness-${randomUUID()}`;
      await new Promise<void>((resolve, reject) =>
        client.create(path, Buffer.from('{"ok":true}'), zookeeper.CreateMode.PERSISTENT, (error) =>
          error ? reject(error) : resolve(),
        ),
      );
      const data = await new Promise<Buffer | undefined>((resolve, reject) =>
        client.getData(path, (error, value) => (error ? reject(error) : resolve(value))),
      );
      expect(data?.toString()).toBe('{"ok":true}');
      await new Promise<void>((resolve, reject) => client.remove(path, (error) => (error ? reject(error) : resolve())));
    } finally {
      client.close();
    }
  });
});
