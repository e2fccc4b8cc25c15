import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../engine/engine.ts';
import { silentLogger } from '../engine/kernel/logging/logger.ts';
import { KeyFileCipher } from '../engine/kernel/secrets/key-file-cipher.ts';
import { SecretBox } from '../engine/kernel/secrets/secret-box.ts';
import { createServer } from './server.ts';

// Requests no browser sends and http clients tidy up before sending: written by hand on a socket,
// each must get a 4xx with a sentence in the API's error shape, never a 500 or fastify's own shape.

const TOKEN = 'bad-requests-token';

describe('malformed requests', () => {
  let dir: string;
  let engine: Engine;
  const servers: FastifyInstance[] = [];

  /** Listening unless `listen` is false: in-process (inject) requests then need no Host of the right port. */
  const start = async (token?: string, listen = true): Promise<{ server: FastifyInstance; port: number }> => {
    const rendererDir = join(dir, 'renderer');
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Tach</title>');
    const server = await createServer({ engine, log: silentLogger(), rendererDir, token });
    servers.push(server);
    if (!listen) return { server, port: 0 };
    await server.listen({ host: '127.0.0.1', port: 0 });
    return { server, port: (server.server.address() as { port: number }).port };
  };

  /** Sends the request line and headers, as given; answers the status and the parsed body. */
  const raw = (port: number, requestLine: string, headers: Record<string, string> = {}, body?: Buffer) =>
    new Promise<{ status: number; body: unknown }>((resolve, reject) => {
      const lines = [requestLine, `Host: 127.0.0.1:${port}`, 'Connection: close', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
      if (body) lines.push(`Content-Length: ${body.length}`);
      const socket = connect(port, '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (chunk) => chunks.push(chunk));
      socket.on('error', reject);
      socket.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const [head = '', ...rest] = text.split('\r\n\r\n');
        const payload = rest.join('\r\n\r\n');
        let parsed: unknown = payload;
        try {
          parsed = JSON.parse(payload);
        } catch {
          // not JSON: the test then fails on the shape
        }
        resolve({ status: Number(head.split(' ')[1]), body: parsed });
      });
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (body) socket.write(body);
    });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tach-bad-requests-'));
    mkdirSync(join(dir, 'data'));
    engine = new Engine({
      dataDir: join(dir, 'data'),
      door: 'headless',
      version: '0.0.0-test',
      log: silentLogger(),
      secrets: new SecretBox(new KeyFileCipher(Buffer.alloc(32, 7))),
    });
    await engine.start();
  });

  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
    await engine.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a token cookie with a malformed %-escape is no token: 401, or 200 with the bearer', async () => {
    const { port } = await start(TOKEN);
    expect(await raw(port, 'GET /api/v1/tenants HTTP/1.1', { Cookie: 'tach_token=%E0%A4%A' })).toEqual({
      status: 401,
      body: { error: { code: 'unauthorized', message: 'This Tach needs its access token: send "Authorization: Bearer <token>".' } },
    });
    expect(await raw(port, 'GET /api/v1/tenants HTTP/1.1', { Cookie: 'x=%; tach_token=%zz', Authorization: `Bearer ${TOKEN}` })).toEqual({ status: 200, body: [] });
  });

  it('a request target that is not a path is a 400 that says so, with or without a token', async () => {
    const sentence = (target: string) => ({
      error: { code: 'invalid_input', message: `The request target must be a path that starts with a single "/", not "${target}".` },
    });
    const withToken = await start(TOKEN);
    expect(await raw(withToken.port, 'GET //x:99999/api/v1/tenants HTTP/1.1')).toEqual({ status: 400, body: sentence('//x:99999/api/v1/tenants') });
    expect(await raw(withToken.port, 'GET //[::1/api/v1/tenants HTTP/1.1', { Authorization: `Bearer ${TOKEN}` })).toEqual({
      status: 400,
      body: sentence('//[::1/api/v1/tenants'),
    });
    const open = await start();
    expect(await raw(open.port, 'GET //x:99999/api/v1/tenants HTTP/1.1')).toEqual({ status: 400, body: sentence('//x:99999/api/v1/tenants') });
  });

  it('a malformed %-escape in the path is a 400 in the API shape, the envelope under /rpc/', async () => {
    const { port } = await start();
    expect(await raw(port, 'GET /api/v1/deployments/1/queues/%E0%A4%A/q/history HTTP/1.1')).toEqual({
      status: 400,
      body: { error: { code: 'invalid_input', message: 'The path "/api/v1/deployments/1/queues/%E0%A4%A/q/history" holds a malformed %-escape.' } },
    });
    expect(await raw(port, 'POST /rpc/%E0%A4%A HTTP/1.1', { 'Content-Type': 'application/json' }, Buffer.from('{}'))).toEqual({
      status: 400,
      body: { ok: false, error: { code: 'invalid_input', message: 'The path "/rpc/%E0%A4%A" holds a malformed %-escape.' } },
    });
  });

  it('a static path outside the pages is a 403 that says it is not served, not a JSON problem', async () => {
    const { port } = await start();
    expect(await raw(port, 'GET /../package.json HTTP/1.1')).toEqual({
      status: 403,
      body: { error: { code: 'forbidden', message: 'Tach does not serve "/../package.json".' } },
    });
  });

  it('a body that is not UTF-8 is refused, not decoded with replacement characters', async () => {
    const { port } = await start();
    const body = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    expect(await raw(port, 'POST /api/v1/tenants HTTP/1.1', { 'Content-Type': 'application/json' }, body)).toEqual({
      status: 400,
      body: { error: { code: 'invalid_input', message: 'The request body is not valid UTF-8 text: JSON must be sent as UTF-8.' } },
    });
    expect(await raw(port, 'GET /api/v1/tenants HTTP/1.1')).toEqual({ status: 200, body: [] });
  });

  it('names with NUL, ESC or a lone surrogate are a 400 naming the field', async () => {
    const { server } = await start(undefined, false);
    for (const [json, message] of [
      ['{"name": "a\\u0000b"}', 'must not contain control characters (such as NUL, ESC or a line break)'],
      ['{"name": "a\\u001b[31mred\\u0007"}', 'must not contain control characters (such as NUL, ESC or a line break)'],
      ['{"name": "a\\ud800b"}', 'must be valid Unicode text (it holds half of a surrogate pair)'],
    ] as const) {
      const response = await server.inject({ method: 'POST', url: '/api/v1/tenants', headers: { 'content-type': 'application/json' }, payload: json });
      expect(response.statusCode, json).toBe(400);
      expect(response.json(), json).toEqual({ error: { code: 'invalid_input', message, field: 'name' } });
    }
    const tenant = (await server.inject({ method: 'POST', url: '/api/v1/tenants', payload: { name: 'acme' } })).json<{ id: number }>();
    const deployment = await server.inject({ method: 'POST', url: `/api/v1/tenants/${tenant.id}/deployments`, payload: { name: 'prod\u001b' } });
    expect(deployment.json()).toMatchObject({ error: { code: 'invalid_input', field: 'name' } });
    const url = await server.inject({
      method: 'POST',
      url: `/api/v1/tenants/${tenant.id}/deployments`,
      payload: { name: 'prod', broker: { url: `amqp://${'h'.repeat(500_000)}:5672/` } },
    });
    expect(url.statusCode).toBe(400);
    expect(url.json()).toEqual({ error: { code: 'invalid_input', message: 'must be at most 2048 characters', field: 'broker.url' } });
  });

  it('an unknown or repeated query parameter is a 400 naming it', async () => {
    const { server } = await start(undefined, false);
    const tasks = await server.inject({ method: 'GET', url: '/api/v1/deployments/1/tasks?limti=5' });
    expect(tasks.statusCode).toBe(400);
    expect(tasks.json()).toEqual({
      error: {
        code: 'invalid_input',
        message: 'Unknown query parameter "limti" for GET /api/v1/deployments/:id/tasks: it takes state, name, worker, since, until, search, before, limit.',
        field: 'limti',
      },
    });
    const tenants = await server.inject({ method: 'GET', url: '/api/v1/tenants?verbose=1' });
    expect(tenants.statusCode).toBe(400);
    expect(tenants.json()).toMatchObject({ error: { code: 'invalid_input', field: 'verbose', message: expect.stringContaining('it takes none') } });
    const twice = await server.inject({ method: 'GET', url: '/api/v1/deployments/1/events?limit=5&limit=6' });
    expect(twice.json()).toEqual({ error: { code: 'invalid_input', message: 'The query parameter "limit" is given more than once.', field: 'limit' } });
    // Known parameters still reach the channel (here: no such deployment).
    const known = await server.inject({ method: 'GET', url: '/api/v1/deployments/1/tasks?limit=5&state=SUCCESS' });
    expect(known.statusCode).toBe(404);
  });
});
