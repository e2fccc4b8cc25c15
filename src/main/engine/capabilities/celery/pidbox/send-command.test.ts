import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../kernel/domain-error.ts';
import { FakeChannel } from './fake-channel.test-support.ts';
import { PidboxClient } from './pidbox-client.ts';
import { sendCommand } from './send-command.ts';

describe('sendCommand', () => {
  it('refuses invalid arguments with a DomainError naming the field, sending nothing', async () => {
    const client = new PidboxClient();
    const fake = new FakeChannel();
    await client.attach(fake.channel);
    const error = await sendCommand(client, 'rate_limit', { task_name: 'tach.add', rate_limit: 'lots' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'invalid_input', field: 'rate_limit' });
    expect(fake.published).toEqual([]);
  });

  it('sends shutdown as a cast and the rest with their default timeout', async () => {
    const client = new PidboxClient();
    const fake = new FakeChannel();
    await client.attach(fake.channel);
    expect(await sendCommand(client, 'shutdown', {}, { destination: ['b@h'] })).toMatchObject({ replies: {}, missing: [] });
    expect(fake.published[0]?.body).not.toHaveProperty('ticket');
    const conf = sendCommand(client, 'conf', { with_defaults: true }, { destination: ['b@h'] });
    await new Promise((resolve) => setImmediate(resolve));
    const headers = fake.published[1]?.options.headers as { expires: number };
    expect(headers.expires - Date.now() / 1000).toBeGreaterThan(1.5); // conf waits 2 s
    expect(fake.published[1]?.body.arguments).toEqual({ with_defaults: true });
    fake.reply('b@h', { broker_url: 'amqp://' });
    expect((await conf).replies).toEqual({ 'b@h': { broker_url: 'amqp://' } });
  });
});
