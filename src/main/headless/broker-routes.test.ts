import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../engine/engine.ts';
import { silentLogger } from '../engine/kernel/logging/logger.ts';
import { KeyFileCipher } from '../engine/kernel/secrets/key-file-cipher.ts';
import { SecretBox } from '../engine/kernel/secrets/secret-box.ts';
import { createServer } from './server.ts';

// The broker REST routes and /metrics over a real engine (no broker: what a script sees for a
// deployment that is not polled, and for bad input).
describe('broker health REST and /metrics', () => {
  let dir: string;
  let engine: Engine;
  let server: FastifyInstance;
  let deploymentId: number;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tach-broker-routes-'));
    mkdirSync(join(dir, 'renderer'));
    mkdirSync(join(dir, 'data'));
    engine = new Engine({ dataDir: join(dir, 'data'), door: 'headless', version: 'test', log: silentLogger(), secrets: new SecretBox(new KeyFileCipher(Buffer.alloc(32, 7))) });
    await engine.start();
    server = await createServer({ engine, log: silentLogger(), rendererDir: join(dir, 'renderer'), token: undefined });
    await server.ready();
    const tenant = (await server.inject({ method: 'POST', url: '/api/v1/tenants', payload: { name: 'acme' } })).json<{ id: number }>();
    deploymentId = (await server.inject({ method: 'POST', url: `/api/v1/tenants/${tenant.id}/deployments`, payload: { name: 'prod' } })).json<{ id: number }>().id;
  });

  afterEach(async () => {
    await server.close();
    await engine.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the queues as a bare array, with the poll state in a header', async () => {
    const response = await server.inject({ method: 'GET', url: `/api/v1/deployments/${deploymentId}/queues` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([]);
    expect(response.headers['tach-poll-state']).toBe('off');
    const broker = await server.inject({ method: 'GET', url: `/api/v1/deployments/${deploymentId}/broker` });
    expect(broker.json()).toMatchObject({ source: 'off', detail: 'Add a broker to this deployment to watch its queues.' });
  });

  it('reads a queue history with the default vhost written %2F, and refuses a bad window', async () => {
    const history = await server.inject({ method: 'GET', url: `/api/v1/deployments/${deploymentId}/queues/%2F/notifications.info/history` });
    expect(history.statusCode).toBe(200);
    expect(history.json()).toEqual({ resolutionSeconds: 10, samples: [] });
    const bad = await server.inject({ method: 'GET', url: `/api/v1/deployments/${deploymentId}/queues/%2F/q/history?since=yesterday` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'invalid_input', field: 'since' } });
  });

  it('lists alerts, 404 for a deployment that does not exist, 400 for a bad limit', async () => {
    expect((await server.inject({ method: 'GET', url: `/api/v1/deployments/${deploymentId}/alerts` })).json()).toEqual([]);
    expect((await server.inject({ method: 'GET', url: '/api/v1/deployments/999/alerts' })).statusCode).toBe(404);
    expect((await server.inject({ method: 'GET', url: `/api/v1/deployments/${deploymentId}/alerts?limit=lots` })).statusCode).toBe(400);
    expect((await server.inject({ method: 'GET', url: '/api/v1/alerts' })).json()).toEqual([]);
  });

  it('serves /metrics in the Prometheus text format', async () => {
    const response = await server.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.body).toContain('# HELP tach_queue_messages ');
    expect(response.body).toContain('# TYPE tach_alert_open gauge');
  });
});
