import { describe, expect, it } from 'vitest';
import { FakeChannel } from './fake-channel.test-support.ts';
import { PidboxClient } from './pidbox-client.ts';

async function attached(namespace?: string): Promise<{ client: PidboxClient; fake: FakeChannel }> {
  const client = new PidboxClient(namespace === undefined ? {} : { namespace });
  const fake = new FakeChannel();
  await client.attach(fake.channel);
  return { client, fake };
}

/** Lets the client publish (it awaits the attachment first). */
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('PidboxClient.attach', () => {
  it("declares kombu's exchanges exactly, and its own exclusive reply queue", async () => {
    const { client, fake } = await attached();
    expect(fake.exchanges).toEqual([
      { name: 'celery.pidbox', type: 'fanout', options: { durable: false, autoDelete: false } },
      { name: 'reply.celery.pidbox', type: 'direct', options: { durable: false, autoDelete: false } },
    ]);
    const [queue] = fake.queues;
    expect(queue?.name).toMatch(/^[0-9a-f-]{36}\.reply\.celery\.pidbox$/);
    expect(queue?.options).toEqual({ exclusive: true, durable: false, autoDelete: true, arguments: { 'x-expires': 10_000, 'x-message-ttl': 300_000 } });
    expect(fake.bindings).toEqual([{ queue: queue?.name, exchange: 'reply.celery.pidbox', key: queue?.name.split('.')[0] }]);
    expect(fake.consumeOptions).toMatchObject({ noAck: true });
    expect(client.attached).toBe(true);
  });

  it('is idempotent per channel', async () => {
    const { client, fake } = await attached();
    await client.attach(fake.channel);
    expect(fake.queues).toHaveLength(1);
  });

  it('derives every name from the namespace', async () => {
    const { client, fake } = await attached('ops');
    expect(fake.exchanges.map((exchange) => exchange.name)).toEqual(['ops.pidbox', 'reply.ops.pidbox']);
    const pending = client.call('ping', { destination: ['a@h'] });
    await tick();
    expect(fake.published[0]?.exchange).toBe('ops.pidbox');
    expect(fake.published[0]?.body.reply_to).toMatchObject({ exchange: 'reply.ops.pidbox' });
    fake.reply('a@h', { ok: 'pong' });
    await pending;
  });
});

describe('PidboxClient.call', () => {
  // The call's timeout is far longer than the test's: it must return on the last reply, not wait it out.
  it('publishes the kombu request and returns once every destination answered', async () => {
    const { client, fake } = await attached();
    const pending = client.call('rate_limit', { arguments: { task_name: 't', rate_limit: '1/s' }, destination: ['a@h', 'b@h'], timeoutSeconds: 600 });
    await tick();
    const [request] = fake.published;
    expect(request?.exchange).toBe('celery.pidbox');
    expect(request?.routingKey).toBe('');
    expect(request?.body).toEqual({
      method: 'rate_limit',
      arguments: { task_name: 't', rate_limit: '1/s' },
      destination: ['a@h', 'b@h'],
      pattern: null,
      matcher: null,
      ticket: expect.stringMatching(/^[0-9a-f-]{36}$/),
      reply_to: { exchange: 'reply.celery.pidbox', routing_key: fake.bindings[0]?.key },
    });
    expect(request?.options).toMatchObject({ contentType: 'application/json', contentEncoding: 'utf-8', deliveryMode: 1 });
    const headers = request?.options.headers as { clock: number; expires: number };
    expect(headers.clock).toBe(1);
    expect(headers.expires).toBeCloseTo(Date.now() / 1000 + 600, 0);
    fake.reply('a@h', { ok: 'done' });
    fake.reply('b@h', { ok: 'done' }, 'some-other-ticket'); // a late reply to an older call
    fake.reply('b@h', { ok: 'done' });
    const result = await pending;
    expect(result.replies).toEqual({ 'a@h': { ok: 'done' }, 'b@h': { ok: 'done' } });
    expect(result.missing).toEqual([]);
  });

  it('waits out the timeout for a broadcast and names missing destinations otherwise', async () => {
    const { client, fake } = await attached();
    const broadcast = client.call('ping', { timeoutSeconds: 0.05 });
    await tick();
    fake.reply('a@h', { ok: 'pong' });
    fake.reply('a@h', { ok: 'pong' }); // two workers with one name
    expect(await broadcast).toMatchObject({ replies: { 'a@h': { ok: 'pong' } }, missing: [], duplicates: ['a@h'] });
    const partial = await client.call('ping', { destination: ['ghost@h'], timeoutSeconds: 0.05 });
    expect(partial).toMatchObject({ replies: {}, missing: ['ghost@h'] });
  });

  it('sends a cast without ticket or reply_to and resolves at once', async () => {
    const { client, fake } = await attached();
    const result = await client.call('shutdown', { destination: ['a@h'], reply: false });
    expect(result).toMatchObject({ replies: {}, missing: [] });
    expect(fake.published[0]?.body).not.toHaveProperty('ticket');
    expect(fake.published[0]?.body).not.toHaveProperty('reply_to');
    expect(client.pendingCount).toBe(0);
  });

  it('sends a glob matcher with a pattern, since kombu ignores a pattern alone', async () => {
    const { client, fake } = await attached();
    await client.call('heartbeat', { pattern: 'web*', reply: false });
    expect(fake.published[0]?.body).toMatchObject({ pattern: 'web*', matcher: 'glob', destination: null });
  });

  it('refuses an empty destination list, which kombu would treat as everyone', async () => {
    const { client } = await attached();
    await expect(client.call('shutdown', { destination: [] })).rejects.toThrow('the destination list is empty (pass null to address every worker).');
  });

  it('says it is not connected before the first attach', async () => {
    await expect(new PidboxClient().call('ping')).rejects.toThrow(
      'Cannot send remote control "ping": not connected to the broker (no broker channel has been attached yet).',
    );
  });
});

describe('PidboxClient when channels come and go', () => {
  it('fails calls in flight at once when the channel dies, then refuses new ones until reattached', async () => {
    const { client, fake } = await attached();
    const pending = client.call('ping', { timeoutSeconds: 30 });
    await tick();
    fake.reply('a@h', { ok: 'pong' });
    fake.dieWith('Channel closed by server: 406 (PRECONDITION-FAILED)');
    await expect(pending).rejects.toThrow(
      'Remote control "ping" was cut off after 1 reply: the broker closed the channel (Channel closed by server: 406 (PRECONDITION-FAILED)).',
    );
    expect(client.attached).toBe(false);
    await expect(client.call('ping')).rejects.toThrow(/not connected to the broker \(the broker closed the channel/);
    const next = new FakeChannel();
    await client.attach(next.channel);
    const again = client.call('ping', { destination: ['a@h'] });
    await tick();
    next.reply('a@h', { ok: 'pong' });
    expect((await again).replies).toEqual({ 'a@h': { ok: 'pong' } });
  });

  it('lets calls on a replaced but live channel finish, then stops consuming there', async () => {
    const { client, fake } = await attached();
    const old = client.call('ping', { destination: ['a@h'], timeoutSeconds: 5 });
    await tick();
    const next = new FakeChannel();
    await client.attach(next.channel);
    expect(next.queues[0]?.name).not.toBe(fake.queues[0]?.name); // fresh oid per attach
    expect(fake.cancelled).toEqual([]);
    fake.reply('a@h', { ok: 'pong' });
    expect((await old).replies).toEqual({ 'a@h': { ok: 'pong' } });
    expect(fake.cancelled).toEqual(['tag-1']);
    expect(fake.listenerCount('close')).toBe(0);
  });

  it('detach fails what is pending and cancels the consumer', async () => {
    const { client, fake } = await attached();
    const pending = client.call('ping', { timeoutSeconds: 30 });
    await tick();
    await client.detach();
    await expect(pending).rejects.toThrow('Remote control "ping" was abandoned: the client was detached.');
    await tick();
    expect(fake.cancelled).toEqual(['tag-1']);
    await expect(client.call('ping')).rejects.toThrow(/the remote-control client was detached/);
  });

  it('reports a failed setup as the reason', async () => {
    const fake = new FakeChannel();
    fake.assertExchange = async () => {
      throw new Error('Channel closed by server: 406 (PRECONDITION-FAILED) inequivalent arg durable');
    };
    const client = new PidboxClient();
    await expect(client.attach(fake.channel)).rejects.toThrow(/Remote control is unavailable: cannot set up the reply queue .*inequivalent arg durable/);
    await expect(client.call('ping')).rejects.toThrow(/not connected to the broker \(cannot set up the reply queue/);
  });
});
