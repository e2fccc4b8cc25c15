import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { installOriginGuard } from './origin-guard.ts';

async function guarded() {
  const server = Fastify();
  installOriginGuard(server);
  server.get('/api/v1/tenants', async () => []);
  await server.ready();
  return server;
}

describe('origin guard (loopback console without a token)', () => {
  it('serves requests addressed to a loopback name', async () => {
    const server = await guarded();
    for (const host of ['127.0.0.1:7420', 'localhost:7420', '[::1]:7420']) {
      const response = await server.inject({ url: '/api/v1/tenants', headers: { host } });
      expect(response.statusCode, host).toBe(200);
    }
  });

  it('refuses a DNS-rebound host name', async () => {
    const server = await guarded();
    const response = await server.inject({ url: '/api/v1/tenants', headers: { host: 'evil.example:7420' } });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({
      error: { code: 'unauthorized', message: 'Requests must address this console as localhost or 127.0.0.1, not "evil.example:7420".' },
    });
  });

  it('refuses requests from another origin and accepts its own', async () => {
    const server = await guarded();
    const foreign = await server.inject({ url: '/api/v1/tenants', headers: { host: '127.0.0.1:7420', origin: 'http://evil.example' } });
    expect(foreign.statusCode).toBe(403);
    const own = await server.inject({ url: '/api/v1/tenants', headers: { host: '127.0.0.1:7420', origin: 'http://127.0.0.1:7420' } });
    expect(own.statusCode).toBe(200);
    const otherPort = await server.inject({ url: '/api/v1/tenants', headers: { host: '127.0.0.1:7420', origin: 'http://127.0.0.1:9999' } });
    expect(otherPort.statusCode).toBe(403);
  });
});
