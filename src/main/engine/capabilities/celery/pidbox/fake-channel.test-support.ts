import { EventEmitter } from 'node:events';
import type { Channel, ConsumeMessage } from 'amqplib';

export interface Published {
  exchange: string;
  routingKey: string;
  body: Record<string, unknown>;
  options: { contentType?: string; contentEncoding?: string; headers?: Record<string, unknown>; deliveryMode?: number };
}

/** Just enough of an amqplib Channel for the pidbox client, recording what it was asked. */
export class FakeChannel extends EventEmitter {
  readonly calls: string[] = [];
  readonly exchanges: { name: string; type: string; options: unknown }[] = [];
  readonly queues: { name: string; options: unknown }[] = [];
  readonly bindings: { queue: string; exchange: string; key: string }[] = [];
  readonly published: Published[] = [];
  readonly cancelled: string[] = [];
  consumer: ((message: ConsumeMessage | null) => void) | undefined;
  consumeOptions: unknown;
  closed = false;

  get channel(): Channel {
    return this as unknown as Channel;
  }

  async assertExchange(name: string, type: string, options: unknown) {
    this.exchanges.push({ name, type, options });
    return { exchange: name };
  }

  async assertQueue(name: string, options: unknown) {
    this.queues.push({ name, options });
    return { queue: name, messageCount: 0, consumerCount: 0 };
  }

  async bindQueue(queue: string, exchange: string, key: string) {
    this.bindings.push({ queue, exchange, key });
    return {};
  }

  async consume(_queue: string, onMessage: (message: ConsumeMessage | null) => void, options: unknown) {
    this.consumer = onMessage;
    this.consumeOptions = options;
    return { consumerTag: `tag-${this.queues.length}` };
  }

  async cancel(tag: string) {
    this.cancelled.push(tag);
    return { consumerTag: tag };
  }

  publish(exchange: string, routingKey: string, content: Buffer, options: Published['options']): boolean {
    if (this.closed) throw new Error('Channel closed');
    this.published.push({ exchange, routingKey, body: JSON.parse(content.toString('utf8')) as Record<string, unknown>, options });
    return true;
  }

  /** As amqplib does when the server closes the channel: 'error' (with the reason), then 'close'. */
  dieWith(reason: string): void {
    this.closed = true;
    this.emit('error', new Error(reason));
    this.emit('close');
  }

  /** A worker's reply to the last request, as kombu publishes it. */
  reply(hostname: string, reply: unknown, ticket = String(this.published.at(-1)?.body.ticket)): void {
    const message = {
      content: Buffer.from(JSON.stringify({ [hostname]: reply })),
      fields: {},
      properties: { contentType: 'application/json', contentEncoding: 'utf-8', headers: { ticket, clock: 7 } },
    };
    this.consumer?.(message as unknown as ConsumeMessage);
  }
}
