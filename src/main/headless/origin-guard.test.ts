import { request } from 'node:http';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { installOriginGuard } from './origin-guard.ts';

async function guarded(loopbackHostOnly = true) {
  const server = Fastify();
  installOriginGuard(server, { loopbackHostOnly });
  server.get('/api/v1/tenants', async () => []);
  server.post('/rpc/:channel', async () => ({ ok: true, value: null }));
  await server.ready();
  return server;
}

describe('origin guard', () => {
  it('serves requests addressed to a loopback name', async () => {
    const server = await guarded();
    for (const host of ['127.0.0.1:7420', '127.8.9.10:7420', 'localhost:7420', 'LocalHost:7420', '[::1]:7420']) {
      const response = await server.inject({ url: '/api/v1/tenants', headers: { host } });
      expect(response.statusCode, host).toBe(200);
    }
  });

  it('refuses names that only start like a loopback address, and forms browsers never send', async () => {
    const server = await guarded();
    for (const host of [
      'evil.example:7420',
      '127.0.0.1.evil.example:7420',
      '127.evil.example',
      'localhost.evil.example:7420',
      'localhost.:7420',
      '127.1:7420',
      '0x7f.1:7420',
      '0177.0.0.1:7420',
      '127.000.000.001:7420',
      '[::ffff:127.0.0.1]:7420',
      '[0:0:0:0:0:0:0:1]:7420',
      '127.0.0.1:99999',
    ]) {
      const response = await server.inject({ url: '/api/v1/tenants', headers: { host } });
      expect(response.statusCode, host).toBe(403);
      expect(response.json().error.code, host).toBe('forbidden');
    }
  });

  it('says what it accepts, in the envelope under /rpc/', async () => {
    const server = await guarded();
    const rest = await server.inject({ url: '/api/v1/tenants', headers: { host: 'evil.example:7420' } });
    expect(rest.json()).toEqual({
      error: {
        code: 'forbidden',
        message: 'Requests must address this console as 127.0.0.1:its port, localhost:its port or [::1]:its port, not as "evil.example:7420".',
      },
    });
    const rpc = await server.inject({ method: 'POST', url: '/rpc/tenants.list', headers: { host: '127.0.0.1:7420', origin: 'null' } });
    expect(rpc.statusCode).toBe(403);
    expect(rpc.json()).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('refuses another origin and Origin null, accepts its own and none', async () => {
    const server = await guarded();
    const at = (origin?: string) =>
      server.inject({ url: '/api/v1/tenants', headers: { host: '127.0.0.1:7420', ...(origin === undefined ? {} : { origin }) } }).then((r) => r.statusCode);
    expect(await at('http://evil.example')).toBe(403);
    expect(await at('null')).toBe(403);
    expect(await at('http://127.0.0.1:9999')).toBe(403);
    expect(await at('http://localhost:7420')).toBe(403);
    expect(await at('http://127.0.0.1:7420/path')).toBe(403);
    expect(await at('http://127.0.0.1:7420')).toBe(200);
    expect(await at(undefined)).toBe(200);
  });

  it('with a token, lets any Host through but still wants the Origin to be that Host', async () => {
    const server = await guarded(false);
    const at = (host: string, origin?: string) =>
      server.inject({ url: '/api/v1/tenants', headers: { host, ...(origin === undefined ? {} : { origin }) } }).then((r) => r.statusCode);
    expect(await at('tach.lan:7420')).toBe(200);
    expect(await at('192.168.1.20:7420', 'http://192.168.1.20:7420')).toBe(200);
    expect(await at('tach.lan:7420', 'https://tach.lan:7420')).toBe(200);
    expect(await at('192.168.1.20:7420', 'http://evil.example')).toBe(403);
    expect(await at('192.168.1.20:7420', 'http://192.168.1.20:8080')).toBe(403);
    expect(await at('192.168.1.20:7420', 'null')).toBe(403);
  });

  it('once listening, wants the port it listens on', async () => {
    const server = await guarded();
    await server.listen({ host: '127.0.0.1', port: 0 });
    try {
      const { port } = server.server.address() as { port: number };
      // node:http, not fetch: fetch will not send a Host of our choosing.
      const get = (host: string) =>
        new Promise<number | undefined>((resolve, reject) => {
          request({ port, path: '/api/v1/tenants', headers: { host } }, (response) => {
            response.resume();
            resolve(response.statusCode);
          })
            .on('error', reject)
            .end();
        });
      expect(await get(`127.0.0.1:${port}`)).toBe(200);
      expect(await get(`localhost:${port}`)).toBe(200);
      expect(await get(`localhost:${port === 65535 ? 1 : port + 1}`)).toBe(403);
      expect(await get('localhost')).toBe(403);
    } finally {
      await server.close();
    }
  });
});
