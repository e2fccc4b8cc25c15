import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CanaryJobsRecord } from '../../src/shared/domain/canary.ts';
import { startTaskflowBoard, type TaskflowBoard } from '../harness/taskflow-board.ts';

// `npm run serve` as an operator runs it: scripts/serve.ts (which builds if needed and runs the
// headless console as its child), reached through its ready line, its REST API, and Canary's
// GET /v1.0/jobs on a board a real TaskFlow producer and conductor work on. (How it stops on a
// signal is tested elsewhere; here it is only cleaned up.)
const zookeeper = inject('zookeeper');
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const READY = /Tach headless console ready at (http:\/\/\S+) \(data:/;
const BOARD = `/taskflow/jobs/serve-${process.pid}`;

let serve: ChildProcess;
let output = '';
let url: string;
let dataDir: string;
let producer: TaskflowBoard;
let conductor: TaskflowBoard;

async function rest<T>(path: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const response = await fetch(new URL(path, url), { ...init, headers: { 'content-type': 'application/json' } });
  return { status: response.status, body: (await response.json()) as T };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tach-serve-'));
  // Its own process group, so cleanup reaches the console it starts as well.
  serve = spawn(process.execPath, [join(ROOT, 'scripts/serve.ts'), '--port', '0', '--data', dataDir, '--log-level', 'warn'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = READY.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    serve.stdout?.on('data', onData);
    serve.stderr?.on('data', onData);
    serve.once('exit', (code) => reject(new Error(`scripts/serve.ts exited with ${code} before its ready line:\n${output}`)));
  });
  [producer, conductor] = await Promise.all([startTaskflowBoard(zookeeper.hosts, BOARD), startTaskflowBoard(zookeeper.hosts, BOARD)]);
}, 240_000);

afterAll(async () => {
  await Promise.all([producer?.close(), conductor?.close()]);
  if (serve && serve.exitCode === null && serve.pid) {
    const exited = new Promise((resolve) => serve.once('exit', resolve));
    process.kill(-serve.pid, 'SIGTERM');
    const timer = setTimeout(() => serve.pid && process.kill(-serve.pid, 'SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('scripts/serve.ts', () => {
  it('says where it serves on its ready line, on loopback, and answers REST there', async () => {
    expect(new URL(url).hostname).toBe('127.0.0.1');
    expect(output).toContain(`(data: ${dataDir}`);
    expect(await rest('api/v1/tenants')).toEqual({ status: 200, body: [] });
    const created = await rest<{ id: number; name: string }>('api/v1/tenants', { method: 'POST', body: JSON.stringify({ name: 'serve' }) });
    expect(created).toMatchObject({ status: 201, body: { name: 'serve' } });
    expect((await rest<{ name: string }[]>('api/v1/tenants')).body.map((t) => t.name)).toEqual(['serve']);
  });

  it("answers Canary's GET /v1.0/jobs for a board with jobs as TaskFlow sees them", async () => {
    const tenants = (await rest<{ id: number }[]>('api/v1/tenants')).body;
    const deployment = await rest<{ id: number }>(`api/v1/tenants/${tenants[0]?.id}/deployments`, {
      method: 'POST',
      body: JSON.stringify({ name: 'flows', zookeeper: { hosts: zookeeper.hosts, jobboards: [BOARD], discover: null } }),
    });
    expect(deployment.status).toBe(201);
    const waiting = await producer.post('serve-waiting', { store: { n: 1 } });
    const claimed = await producer.post('serve-claimed', { store: { n: 2 } }, 'HIGH');
    await conductor.claim(claimed, 'conductor-7');
    const truth = await producer.jobs();
    expect(truth.map((job) => [job.uuid, job.state, job.owner])).toEqual([
      [waiting, 'UNCLAIMED', null],
      [claimed, 'CLAIMED', 'conductor-7'],
    ]);
    const canary = () => rest<CanaryJobsRecord[]>(`v1.0/jobs?path=${encodeURIComponent(BOARD)}`);
    const shape = (records: CanaryJobsRecord[]) => records.map((r) => ({ count: r.job_count, jobs: r.jobs.map((j) => [j._uuid, j.status, j.owner]) }));
    await expect.poll(async () => shape((await canary()).body), { timeout: 20_000 }).toEqual([{ count: 2, jobs: truth.map((job) => [job.uuid, job.state, job.owner]) }]);
    const { status, body } = await canary();
    expect(status).toBe(200);
    expect(body[0]?.jobs[0]).toMatchObject({
      _name: 'serve-waiting',
      _path: truth[0]?.path,
      _root: `${BOARD}/`,
      _sequence: truth[0]?.sequence,
      _details: { store: { n: 1 } },
      _backend: { connection: 'zookeeper' },
    });
    expect(body[0]?.jobs[0]?._created_on).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?$/);
    // Canary's refusal of a missing path, as its clients expect it.
    expect((await rest<{ title: string }>('v1.0/jobs')).status).toBe(400);
  }, 60_000);
});
