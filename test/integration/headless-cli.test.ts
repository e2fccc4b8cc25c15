import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { runHeadlessExpectingFailure, startHeadlessProcess, type HeadlessProcess } from '../support/headless-process.ts';

// The headless door as an operator runs it: a process, its ready line, the REST API from the
// README, the token rule, graceful shutdown, and one engine per data directory.
const rabbit = inject('rabbit');
const zookeeper = inject('zookeeper');
const dirs: string[] = [];
const running: HeadlessProcess[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'tach-cli-'));
  dirs.push(dir);
  return dir;
};

afterEach(async () => {
  for (const process of running.splice(0)) await process.stop();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test reads the raw wire shape
async function json(response: Response): Promise<{ status: number; body: any }> {
  return { status: response.status, body: response.status === 204 ? null : await response.json() };
}

describe('npm run serve', () => {
  it('serves the README REST walk-through against the live broker, then stops cleanly on SIGTERM', async () => {
    const data = tempDir();
    const tach = await startHeadlessProcess(['--port', '0', '--data', data]);
    running.push(tach);
    expect(tach.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const api = (path: string, init?: RequestInit) =>
      fetch(new URL(`api/v1/${path}`, tach.url), { ...init, headers: { 'content-type': 'application/json' } }).then(json);

    const tenant = await api('tenants', { method: 'POST', body: JSON.stringify({ name: 'acme' }) });
    expect(tenant).toMatchObject({ status: 201, body: { id: 1, name: 'acme' } });
    const deployment = await api('tenants/1/deployments', {
      method: 'POST',
      body: JSON.stringify({
        name: 'prod',
        broker: { url: rabbit.amqpUrl, managementUrl: rabbit.managementUrl },
        zookeeper: { hosts: zookeeper.hosts },
      }),
    });
    expect(deployment.status).toBe(201);
    expect(deployment.body.broker.url).toBe(rabbit.amqpUrl.replace(':guest@', ':****@'));
    const tested = await api(`deployments/${deployment.body.id}/test`, { method: 'POST' });
    expect(tested).toMatchObject({ status: 200 });
    for (const kind of ['broker', 'management', 'zookeeper']) expect(tested.body[kind]).toMatchObject({ ok: true });
    expect(await api('tenants/1/deployments')).toMatchObject({ status: 200, body: [{ name: 'prod' }] });
    expect(await api('tenants', { method: 'POST', body: '{"name": ' })).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_input' } },
    });
    expect(await api('deployments/99')).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });

    expect(await tach.stop()).toBe(0);
    expect(existsSync(join(data, 'tach.lock'))).toBe(false);
    const log = readFileSync(join(data, 'logs', 'tach.log'), 'utf8');
    expect(log).toContain('engine stopped');
    expect(log).not.toContain(':guest@');
  });

  it('keeps what was created across a restart on the same data directory', async () => {
    const data = tempDir();
    const first = await startHeadlessProcess(['--port', '0', '--data', data]);
    await fetch(new URL('api/v1/tenants', first.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'persisted' }),
    });
    await first.stop();
    const second = await startHeadlessProcess(['--port', '0', '--data', data]);
    running.push(second);
    const tenants = await (await fetch(new URL('api/v1/tenants', second.url))).json();
    expect(tenants).toMatchObject([{ name: 'persisted' }]);
  });

  it('refuses a second engine on the same data directory, naming the first', async () => {
    const data = tempDir();
    const first = await startHeadlessProcess(['--port', '0', '--data', data]);
    running.push(first);
    const second = await runHeadlessExpectingFailure(['--port', '0', '--data', data]);
    expect(second.code).toBe(1);
    expect(second.output).toMatch(new RegExp(`Another Tach \\(pid ${first.child.pid}, started at [^)]+\\) is using `));
    expect(second.output).toContain(`is using ${data}. Stop it`);
  });

  it('refuses, naming the file and what to do, a store emptied or damaged after it held data', async () => {
    const data = tempDir();
    const first = await startHeadlessProcess(['--port', '0', '--data', data]);
    const created = await fetch(new URL('api/v1/tenants', first.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"acme"}' });
    expect(created.status).toBe(201);
    expect(await first.stop()).toBe(0);
    const store = join(data, 'tach.db');
    const intact = readFileSync(store);

    // Truncated to nothing (a full disk during a copy, a bad restore): not a new empty store.
    writeFileSync(store, '');
    const emptied = await runHeadlessExpectingFailure(['--port', '0', '--data', data]);
    expect(emptied.code).toBe(1);
    expect(emptied.output).toContain(store);
    expect(emptied.output).toContain('To start with an empty store on purpose');

    // One table's page inverted, a table nothing reads at start (the probe's flipped bytes started
    // normally and then answered 500 on the first read that reached them): quick_check finds it.
    writeFileSync(store, intact);
    const db = new BetterSqlite3(store, { readonly: true });
    const { rootpage, pageSize } = db.prepare("SELECT rootpage, (SELECT page_size FROM pragma_page_size) AS pageSize FROM sqlite_master WHERE name = 'celery_rejected'").get() as { rootpage: number; pageSize: number };
    db.close();
    const damaged = Buffer.from(intact);
    const page = (rootpage - 1) * pageSize;
    for (let at = page; at < page + 12; at++) damaged[at] = (damaged[at] ?? 0) ^ 0xff;
    writeFileSync(store, damaged);
    const flipped = await runHeadlessExpectingFailure(['--port', '0', '--data', data]);
    expect(flipped.code).toBe(1);
    expect(flipped.output).toContain(store);
    expect(emptied.output).not.toBe(flipped.output);
  });

  it('will not listen beyond loopback without a token', async () => {
    const refused = await runHeadlessExpectingFailure(['--host', '0.0.0.0', '--port', '0', '--data', tempDir()]);
    expect(refused.code).toBe(2);
    expect(refused.output).toContain('give it a token with --token');
  });

  it('with a token, answers 401 to requests without it and serves those with it', async () => {
    const tach = await startHeadlessProcess(['--host', '0.0.0.0', '--port', '0', '--data', tempDir(), '--token', 's3cret-token']);
    running.push(tach);
    const url = new URL('api/v1/tenants', tach.url.replace('0.0.0.0', '127.0.0.1'));
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer s3cret-token' } })).status).toBe(200);
    expect(tach.output()).not.toContain('s3cret-token');
  });

  it('says plainly when its port is taken', async () => {
    const first = await startHeadlessProcess(['--port', '0', '--data', tempDir()]);
    running.push(first);
    const port = new URL(first.url).port;
    const second = await runHeadlessExpectingFailure(['--port', port, '--data', tempDir()]);
    expect(second.code).toBe(1);
    expect(second.output).toContain(`port ${port} on 127.0.0.1 is already in use`);
  });
});
