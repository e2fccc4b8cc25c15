import { describe, expect, it } from 'vitest';
import { decodeReply, encodeRequest, replyQueueName } from './wire.ts';

// From shared/captures/pidbox.jsonl (Celery 5.2.6): a ping request and its reply.
const CAPTURED_REQUEST = {
  method: 'ping',
  arguments: {},
  destination: null,
  pattern: null,
  matcher: null,
  ticket: 'f7ae7f16-a95c-4e9a-93d7-296f7040ff3e',
  reply_to: { exchange: 'reply.celery.pidbox', routing_key: 'b9c8d915-6591-31e3-b975-cf8b50e4ce99' },
};
const CAPTURED_REPLY = {
  content: Buffer.from('{"worker1@feas": {"ok": "pong"}}'),
  properties: { contentType: 'application/json', headers: { ticket: 'f7ae7f16-a95c-4e9a-93d7-296f7040ff3e', clock: 3 } },
};

describe('pidbox wire format', () => {
  it('encodes a request as the captured one, with clock and expires headers', () => {
    const { body, headers } = encodeRequest(CAPTURED_REQUEST, 1, 1795426742.391644);
    expect(JSON.parse(body.toString('utf8'))).toEqual(CAPTURED_REQUEST);
    expect(headers).toEqual({ clock: 1, expires: 1795426742.391644 });
  });

  it('decodes the captured reply', () => {
    expect(decodeReply(CAPTURED_REPLY)).toEqual({ ticket: CAPTURED_REQUEST.ticket, clock: 3, replies: { 'worker1@feas': { ok: 'pong' } } });
  });

  it('refuses replies it cannot use', () => {
    const reply = (content: string, properties: object = CAPTURED_REPLY.properties) => decodeReply({ content: Buffer.from(content), properties });
    expect(reply('not json')).toEqual({ rejected: 'body is not JSON' });
    expect(reply('[1]')).toEqual({ rejected: 'body is not a {hostname: reply} object' });
    expect(reply('{}', { headers: {} })).toEqual({ rejected: 'no ticket header' });
    expect(reply('{}', { contentType: 'application/x-python-serialize' })).toMatchObject({ rejected: expect.stringMatching(/^content type/) });
  });

  it('names the reply queue as kombu does', () => {
    expect(replyQueueName('b9c8d915-6591-31e3-b975-cf8b50e4ce99', 'celery')).toBe('b9c8d915-6591-31e3-b975-cf8b50e4ce99.reply.celery.pidbox');
  });
});
