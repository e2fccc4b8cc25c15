import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../engine/engine.ts';
import { silentLogger } from '../engine/kernel/logging/logger.ts';
import { KeyFileCipher } from '../engine/kernel/secrets/key-file-cipher.ts';
import { SecretBox } from '../engine/kernel/secrets/secret-box.ts';
import { createServer } from './server.ts';

// The routes' shapes and refusals; real boards are in test/integration/jobboards.test.ts.
describe('job board REST routes', () => {
  let dir: string;
  let engine: Engine;
  let server: FastifyInstance;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tach-jobboard-routes-'));
    mkdirSync(join(dir, 'data'));
    mkdirSync(join(dir, 'renderer'));
    writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html>');
    engine = new Engine({ dataDir: join(dir, 'data'), door: 'headless', version: 'test', log: silentLogger(), secrets: new SecretBox(new KeyFileCipher(Buffer.alloc(32, 7))) });
    await engine.start();
    server = await createServer({ engine, log: silentLogger(), rendererDir: join(dir, 'renderer'), token: undefined });
    await server.ready();
  });

  afterEach(async () => {
    await server.close();
    await engine.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const json = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => {
    const response = await server.inject({ method, url, payload, headers: payload ? { 'content-type': 'application/json' } : {} });
    return { status: response.statusCode, body: response.json() as Record<string, unknown> & { error?: { message: string; field?: string } } };
  };
  const deployment = async (zookeeper: object) => {
    const tenant = await json('POST', '/api/v1/tenants', { name: 't' });
    return json('POST', `/api/v1/tenants/${String(tenant.body.id)}/deployments`, { name: 'd', zookeeper });
  };

  it('takes boards and the discovery root with the ZooKeeper hosts, and shows them back', async () => {
    // Port 1 refuses: the session stays "connecting", the board is still listed.
    const created = await deployment({ hosts: '127.0.0.1:1', jobboards: ['/taskflow/jobs/a', '/taskflow/jobs/a'], discover: null });
    expect(created.status).toBe(201);
    expect(created.body.zookeeper).toEqual({ hosts: '127.0.0.1:1', jobboards: ['/taskflow/jobs/a'], discover: null });
    const overview = await json('GET', `/api/v1/deployments/${String(created.body.id)}/jobboards`);
    expect(overview.body).toMatchObject({ session: { status: 'connecting' }, off: null, boards: [{ path: '/taskflow/jobs/a', source: 'configured', counts: { UNCLAIMED: 0, CLAIMED: 0 } }] });
    expect((await json('GET', `/api/v1/deployments/${String(created.body.id)}/jobboards/jobs?path=/taskflow/jobs/a`)).body).toEqual([]);
    const trash = await json('POST', `/api/v1/deployments/${String(created.body.id)}/jobboards/jobs/job0000000001/trash?path=/taskflow/jobs/a`);
    expect(trash.status).toBe(403);
    expect(trash.body.error?.message).toMatch(/read-only on this deployment/);
    const patched = await json('PATCH', `/api/v1/deployments/${String(created.body.id)}`, { zookeeper: { hosts: '127.0.0.1:1', discover: '/taskflow' } });
    expect(patched.body.zookeeper).toEqual({ hosts: '127.0.0.1:1', jobboards: ['/taskflow/jobs/a'], discover: '/taskflow' });
  });

  it('refuses a board path that is not a ZooKeeper path, naming the field', async () => {
    const created = await deployment({ hosts: 'zk1', jobboards: ['taskflow/jobs'] });
    expect(created.status).toBe(400);
    expect(created.body.error).toMatchObject({ field: 'zookeeper.jobboards.0', message: expect.stringMatching(/absolute ZooKeeper path/) });
  });

  it('says why a deployment has no boards, and refuses jobs of a board it does not watch', async () => {
    const created = await deployment({ hosts: '127.0.0.1:1', discover: null });
    const id = String(created.body.id);
    expect((await json('GET', `/api/v1/deployments/${id}/jobboards`)).body).toMatchObject({ off: expect.stringMatching(/No job boards to watch/), boards: [] });
    const jobs = await json('GET', `/api/v1/deployments/${id}/jobboards/jobs?path=/taskflow/jobs/x`);
    expect(jobs.status).toBe(404);
    expect(jobs.body.error?.message).toBe('This deployment does not watch a job board at /taskflow/jobs/x.');
    expect((await json('GET', `/api/v1/deployments/${id}/jobboards/jobs?path=nope`)).status).toBe(400);
    expect((await json('GET', `/api/v1/deployments/${id}/jobboards/history?since=yesterday`)).body.error).toMatchObject({ field: 'since' });
  });

  it('answers Canary\'s routes as Canary does', async () => {
    const missing = await json('GET', '/v1.0/jobs');
    expect(missing.status).toBe(400);
    expect(missing.body.title).toBe('Specify a valid `path` querystring');
    const unknown = await json('GET', '/v1.0/jobs?path=/taskflow/jobs/x');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error?.message).toMatch(/No deployment watches the job board \/taskflow\/jobs\/x/);
    await deployment({ hosts: '127.0.0.1:1', jobboards: ['/taskflow/jobs/a'] });
    expect((await json('GET', '/v1.0/jobs?path=/taskflow/jobs/a')).body).toEqual([{ job_count: 0, jobs: [] }]);
    expect((await json('GET', '/v1.0/conductor')).body).toEqual({ conductor_count: 0, conductors: [] });
  });
});
