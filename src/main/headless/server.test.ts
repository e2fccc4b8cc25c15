import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Deployment, Tenant } from '../../shared/domain/types.ts';
import { Engine } from '../engine/engine.ts';
import { silentLogger } from '../engine/kernel/logging/logger.ts';
import { KeyFileCipher } from '../engine/kernel/secrets/key-file-cipher.ts';
import { SecretBox } from '../engine/kernel/secrets/secret-box.ts';
import { TOKEN_COOKIE } from './auth.ts';
import { createServer } from './server.ts';

const INDEX_HTML = '<!doctype html><html><head><title>Tach</title></head><body>console</body></html>';

describe('headless server', () => {
  let dir: string;
  let rendererDir: string;
  let engine: Engine;
  const servers: FastifyInstance[] = [];

  const start = async (token?: string, withIndex = true): Promise<FastifyInstance> => {
    if (withIndex) writeFileSync(join(rendererDir, 'index.html'), INDEX_HTML);
    const server = await createServer({ engine, log: silentLogger(), rendererDir, token });
    servers.push(server);
    await server.ready();
    return server;
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tach-server-'));
    rendererDir = join(dir, 'renderer');
    mkdirSync(rendererDir);
    engine = new Engine({
      dataDir: join(dir, 'data'),
      door: 'headless',
      version: '0.0.0-test',
      log: silentLogger(),
      secrets: new SecretBox(new KeyFileCipher(Buffer.alloc(32, 7))),
    });
    mkdirSync(join(dir, 'data'));
    await engine.start();
  });

  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
    await engine.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('REST', () => {
    it('creates (201), reads, updates, lists and deletes (204) tenants', async () => {
      const server = await start();
      const created = await server.inject({ method: 'POST', url: '/api/v1/tenants', payload: { name: 'Acme' } });
      expect(created.statusCode).toBe(201);
      expect(created.headers['content-type']).toMatch(/^application\/json/);
      const tenant = created.json<Tenant>();
      expect(tenant).toMatchObject({ name: 'Acme', deploymentCount: 0 });

      const got = await server.inject({ method: 'GET', url: `/api/v1/tenants/${tenant.id}` });
      expect(got.statusCode).toBe(200);
      expect(got.json()).toEqual(tenant);

      const patched = await server.inject({ method: 'PATCH', url: `/api/v1/tenants/${tenant.id}`, payload: { name: 'Acme 2' } });
      expect(patched.statusCode).toBe(200);
      expect(patched.json<Tenant>().name).toBe('Acme 2');

      const list = await server.inject({ method: 'GET', url: '/api/v1/tenants' });
      expect(list.json<Tenant[]>().map((item) => item.name)).toEqual(['Acme 2']);

      const removed = await server.inject({ method: 'DELETE', url: `/api/v1/tenants/${tenant.id}` });
      expect(removed.statusCode).toBe(204);
      expect(removed.body).toBe('');
      const gone = await server.inject({ method: 'GET', url: `/api/v1/tenants/${tenant.id}` });
      expect(gone.statusCode).toBe(404);
      expect(gone.json()).toEqual({ error: { code: 'not_found', message: `Tenant ${tenant.id} does not exist.` } });
    });

    it('creates deployments under a tenant with the password masked, and PATCHes them', async () => {
      const server = await start();
      const tenant = (await server.inject({ method: 'POST', url: '/api/v1/tenants', payload: { name: 'Acme' } })).json<Tenant>();
      const created = await server.inject({
        method: 'POST',
        url: `/api/v1/tenants/${tenant.id}/deployments`,
        payload: { name: 'prod', broker: { url: 'amqp://celery:pw-in-clear@rabbit/' } },
      });
      expect(created.statusCode).toBe(201);
      expect(created.body).not.toContain('pw-in-clear');
      const deployment = created.json<Deployment>();
      expect(deployment).toMatchObject({ tenantId: tenant.id, name: 'prod', broker: { url: 'amqp://celery:****@rabbit/', hasPassword: true } });

      const patched = await server.inject({
        method: 'PATCH',
        url: `/api/v1/deployments/${deployment.id}`,
        payload: { zookeeper: { hosts: 'zk:2181' } },
      });
      expect(patched.statusCode).toBe(200);
      expect(patched.json<Deployment>()).toMatchObject({ zookeeper: { hosts: 'zk:2181' }, broker: { hasPassword: true } });

      const list = await server.inject({ method: 'GET', url: `/api/v1/tenants/${tenant.id}/deployments` });
      expect(list.json<Deployment[]>()).toHaveLength(1);
      expect((await server.inject({ method: 'DELETE', url: `/api/v1/deployments/${deployment.id}` })).statusCode).toBe(204);
    });

    it('answers 409 for a conflict and 400 naming the field for invalid input', async () => {
      const server = await start();
      await server.inject({ method: 'POST', url: '/api/v1/tenants', payload: { name: 'Acme' } });
      const conflict = await server.inject({ method: 'POST', url: '/api/v1/tenants', payload: { name: 'ACME' } });
      expect(conflict.statusCode).toBe(409);
      expect(conflict.json()).toMatchObject({ error: { code: 'conflict', field: 'name' } });

      const invalid = await server.inject({ method: 'POST', url: '/api/v1/tenants', payload: { name: '' } });
      expect(invalid.statusCode).toBe(400);
      expect(invalid.json()).toMatchObject({ error: { code: 'invalid_input', field: 'name' } });

      const badId = await server.inject({ method: 'GET', url: '/api/v1/tenants/abc' });
      expect(badId.statusCode).toBe(400);
      expect(badId.json()).toMatchObject({ error: { code: 'invalid_input', field: 'id' } });
    });

    it('answers 400 JSON for a malformed JSON body and for a body that is not an object', async () => {
      const server = await start();
      const malformed = await server.inject({
        method: 'POST',
        url: '/api/v1/tenants',
        headers: { 'content-type': 'application/json' },
        payload: '{"name": ',
      });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json()).toMatchObject({ error: { code: 'invalid_input' } });
      expect(malformed.json<{ error: { message: string } }>().error.message).toMatch(/^The request body is not valid JSON/);
      expect(malformed.body).not.toContain('    at ');

      for (const payload of ['[1,2]', '"Acme"', '42']) {
        const notObject = await server.inject({
          method: 'POST',
          url: '/api/v1/tenants',
          headers: { 'content-type': 'application/json' },
          payload,
        });
        expect(notObject.statusCode, payload).toBe(400);
        expect(notObject.json()).toEqual({ error: { code: 'invalid_input', message: 'The request body must be a JSON object.' } });
      }

      const wrongType = await server.inject({
        method: 'POST',
        url: '/api/v1/tenants',
        headers: { 'content-type': 'application/xml' },
        payload: '<name/>',
      });
      expect(wrongType.statusCode).toBe(415);
      expect(wrongType.json()).toMatchObject({ error: { code: 'invalid_input', message: 'Send the body as JSON (Content-Type: application/json).' } });
    });

    it('takes a bodiless request that says it carries JSON as no input', async () => {
      const server = await start();
      const list = await server.inject({
        method: 'POST',
        url: '/rpc/tenants.list',
        headers: { 'content-type': 'application/json' },
        payload: '',
      });
      expect(list.statusCode).toBe(200);
      expect(list.json()).toEqual({ ok: true, value: [] });
      const created = (await server.inject({ method: 'POST', url: '/api/v1/tenants', payload: { name: 'Acme' } })).json<Tenant>();
      const removed = await server.inject({
        method: 'DELETE',
        url: `/api/v1/tenants/${created.id}`,
        headers: { 'content-type': 'application/json' },
      });
      expect(removed.statusCode).toBe(204);
    });

    it('answers 404 JSON for an unknown /api or /rpc path and plain text elsewhere', async () => {
      const server = await start();
      const api = await server.inject({ method: 'GET', url: '/api/v1/nothing?x=1' });
      expect(api.statusCode).toBe(404);
      expect(api.json()).toEqual({ error: { code: 'not_found', message: 'There is no GET /api/v1/nothing.' } });
      const wrongMethod = await server.inject({ method: 'PUT', url: '/api/v1/tenants' });
      expect(wrongMethod.statusCode).toBe(404);
      expect(wrongMethod.json()).toMatchObject({ error: { code: 'not_found' } });
      const rpcGet = await server.inject({ method: 'GET', url: '/rpc/tenants.list' });
      expect(rpcGet.statusCode).toBe(404);
      expect(rpcGet.json()).toMatchObject({ error: { code: 'not_found' } });
    });

    it('answers 413 for an oversized body', async () => {
      writeFileSync(join(rendererDir, 'index.html'), INDEX_HTML);
      const server = await createServer({ engine, log: silentLogger(), rendererDir, token: undefined, bodyLimit: 64 });
      servers.push(server);
      const response = await server.inject({ method: 'POST', url: '/api/v1/tenants', payload: { name: 'x'.repeat(200) } });
      expect(response.statusCode).toBe(413);
      expect(response.json()).toEqual({ error: { code: 'invalid_input', message: 'The request body is too large: Tach accepts at most 64 bytes.' } });
    });
  });

  describe('RPC', () => {
    it('answers the Result envelope with the status of its error code', async () => {
      const server = await start();
      const empty = await server.inject({ method: 'POST', url: '/rpc/tenants.list' });
      expect(empty.statusCode).toBe(200);
      expect(empty.json()).toEqual({ ok: true, value: [] });

      const created = await server.inject({ method: 'POST', url: '/rpc/tenants.create', payload: { name: 'Acme' } });
      expect(created.json()).toMatchObject({ ok: true, value: { name: 'Acme' } });
      const list = await server.inject({ method: 'POST', url: '/rpc/tenants.list', payload: {} });
      expect(list.json()).toMatchObject({ ok: true, value: [{ name: 'Acme' }] });

      const conflict = await server.inject({ method: 'POST', url: '/rpc/tenants.create', payload: { name: 'acme' } });
      expect(conflict.statusCode).toBe(409);
      expect(conflict.json()).toMatchObject({ ok: false, error: { code: 'conflict', field: 'name' } });

      const unknown = await server.inject({ method: 'POST', url: '/rpc/tenants.explode', payload: {} });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json()).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    });
  });

  describe('renderer', () => {
    it('serves index.html at / with the CSP and safety headers', async () => {
      const server = await start();
      const page = await server.inject({ method: 'GET', url: '/' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toBe(INDEX_HTML);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      const csp = String(page.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      expect(page.headers['cache-control']).toBe('no-store');

      const api = await server.inject({ method: 'GET', url: '/api/v1/tenants' });
      expect(api.headers['content-security-policy']).toBeUndefined();
      expect(api.headers['x-content-type-options']).toBe('nosniff');
    });

    it('answers 503 in plain words when the renderer has not been built', async () => {
      const server = await start(undefined, false);
      const page = await server.inject({ method: 'GET', url: '/' });
      expect(page.statusCode).toBe(503);
      expect(page.headers['content-type']).toMatch(/^text\/plain/);
      expect(page.body).toContain('npm run build');
      expect(page.body).toContain('no index.html');
      // The API still works without the pages.
      expect((await server.inject({ method: 'GET', url: '/api/v1/tenants' })).statusCode).toBe(200);
    });
  });

  describe('without a token', () => {
    it('refuses a request addressed to a non-loopback host name (DNS rebinding) and a foreign origin', async () => {
      const server = await start();
      const rebound = await server.inject({ method: 'GET', url: '/api/v1/tenants', headers: { host: 'evil.example:7420' } });
      expect(rebound.statusCode).toBe(403);
      expect(rebound.json()).toMatchObject({ error: { code: 'forbidden' } });
      const foreign = await server.inject({
        method: 'POST',
        url: '/api/v1/tenants',
        headers: { host: '127.0.0.1:7420', origin: 'http://evil.example' },
        payload: { name: 'Injected' },
      });
      expect(foreign.statusCode).toBe(403);
      const own = await server.inject({
        method: 'POST',
        url: '/api/v1/tenants',
        headers: { host: '127.0.0.1:7420', origin: 'http://127.0.0.1:7420' },
        payload: { name: 'Mine' },
      });
      expect(own.statusCode).toBe(201);
      const list = await server.inject({ method: 'GET', url: '/api/v1/tenants', headers: { host: 'localhost:7420' } });
      expect(list.json<Tenant[]>().map((tenant) => tenant.name)).toEqual(['Mine']);
    });
  });

  describe('with a token', () => {
    it('refuses the API without it (401 JSON) and the page with a plain sentence', async () => {
      const server = await start('tok');
      const api = await server.inject({ method: 'GET', url: '/api/v1/tenants' });
      expect(api.statusCode).toBe(401);
      expect(api.json()).toMatchObject({ error: { code: 'unauthorized' } });
      const rpc = await server.inject({ method: 'POST', url: '/rpc/tenants.list', payload: {} });
      expect(rpc.statusCode).toBe(401);
      expect(rpc.json()).toMatchObject({ error: { code: 'unauthorized' } });

      const page = await server.inject({ method: 'GET', url: '/' });
      expect(page.statusCode).toBe(401);
      expect(page.headers['content-type']).toMatch(/^text\/plain/);
      expect(page.body).toContain('/?token=');
      expect(page.body).not.toContain('console</body>');
    });

    it('accepts the bearer token, in any case of the scheme', async () => {
      const server = await start('tok');
      const ok = await server.inject({ method: 'GET', url: '/api/v1/tenants', headers: { authorization: 'Bearer tok' } });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toEqual([]);
      const lower = await server.inject({ method: 'GET', url: '/api/v1/tenants', headers: { authorization: 'bearer tok' } });
      expect(lower.statusCode).toBe(200);
    });

    it('refuses a wrong token, a longer one and a prefix', async () => {
      const server = await start('tok');
      for (const given of ['nope', 'tok2', 'to', 'TOK']) {
        const response = await server.inject({ method: 'GET', url: '/api/v1/tenants', headers: { authorization: `Bearer ${given}` } });
        expect(response.statusCode, given).toBe(401);
      }
      const cookie = await server.inject({ method: 'GET', url: '/api/v1/tenants', headers: { cookie: `${TOKEN_COOKIE}=nope` } });
      expect(cookie.statusCode).toBe(401);
      const query = await server.inject({ method: 'GET', url: '/?token=nope' });
      expect(query.statusCode).toBe(401);
      expect(query.headers['set-cookie']).toBeUndefined();
    });

    it('trades /?token= for a cookie and a clean address, then the cookie alone works', async () => {
      const server = await start('tok');
      const opened = await server.inject({ method: 'GET', url: '/?token=tok&tab=2' });
      expect(opened.statusCode).toBeGreaterThanOrEqual(300);
      expect(opened.statusCode).toBeLessThan(400);
      expect(opened.headers.location).toBe('/?tab=2');
      const setCookie = String(opened.headers['set-cookie']);
      expect(setCookie).toContain(`${TOKEN_COOKIE}=tok`);
      expect(setCookie).toContain('HttpOnly');
      expect(setCookie).toContain('SameSite=Strict');

      const cookie = setCookie.split(';')[0] ?? '';
      const page = await server.inject({ method: 'GET', url: '/', headers: { cookie } });
      expect(page.statusCode).toBe(200);
      expect(page.body).toBe(INDEX_HTML);
      const api = await server.inject({ method: 'GET', url: '/api/v1/tenants', headers: { cookie: `other=1; ${cookie}` } });
      expect(api.statusCode).toBe(200);
    });

    it('redirects to the bare page when the token was the only query parameter', async () => {
      const server = await start('tok');
      const opened = await server.inject({ method: 'GET', url: '/?token=tok' });
      expect(opened.headers.location).toBe('/');
    });
  });
});
