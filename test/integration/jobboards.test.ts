import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobboardJob } from '../../src/shared/domain/jobboards.ts';
import { startTaskflowBoard, type TaskflowBoard, type TaskflowJob } from '../harness/taskflow-board.ts';
import { startZooKeeper, type ZooKeeper } from '../harness/zookeeper.ts';
import { startTempEngine, type TempEngine } from '../support/temp-engine.ts';

// Job boards against real TaskFlow (Debian's python3-taskflow through kazoo) on a ZooKeeper of
// this file's own, so it can be restarted. After every step Tach's view must equal TaskFlow's
// (iterjobs + find_owner), and the history must say what happened.
const BOARD = '/taskflow/jobs/it';
let zk: ZooKeeper;
let tach: TempEngine;
let deploymentId: number;
let producer: TaskflowBoard;
let conductor: TaskflowBoard;

const tachJobs = () => tach.call('jobboards.jobs', { deploymentId, path: BOARD });
const simple = (jobs: (JobboardJob | TaskflowJob)[]) => jobs.map((job) => ({ uuid: job.uuid, name: job.name, state: job.state, owner: job.owner }));
/** Waits until Tach shows exactly what TaskFlow reports, in TaskFlow's order. */
const inStep = async (timeout = 15_000) => {
  const truth = simple(await producer.jobs());
  await expect.poll(async () => simple(await tachJobs()), { timeout }).toEqual(truth);
  return truth;
};
const kindsOf = async (uuid: string) => (await tach.call('jobboards.history', { deploymentId, path: BOARD })).filter((t) => t.uuid === uuid).map((t) => (t.owner ? `${t.kind}:${t.owner}` : t.kind));

beforeAll(async () => {
  zk = await startZooKeeper();
  tach = await startTempEngine();
  const tenant = await tach.call('tenants.create', { name: 'jobboards-it' });
  deploymentId = (await tach.call('deployments.create', { tenantId: tenant.id, name: 'flows', zookeeper: { hosts: zk.hosts, jobboards: [BOARD], discover: '/taskflow' }, jobboards: { sampleSeconds: 1 } })).id;
  [producer, conductor] = await Promise.all([startTaskflowBoard(zk.hosts, BOARD), startTaskflowBoard(zk.hosts, BOARD)]);
}, 90_000);

afterAll(async () => {
  await Promise.all([producer?.close(), conductor?.close().catch(() => undefined)]);
  await tach?.stop();
  await zk?.stop();
});

describe('TaskFlow job boards, live', () => {
  it('connects and shows the configured board', async () => {
    await expect.poll(async () => (await tach.call('jobboards.overview', { deploymentId })).session.status, { timeout: 15_000 }).toBe('connected');
    await expect.poll(async () => (await tach.call('jobboards.overview', { deploymentId })).boards.map((b) => [b.path, b.error]), { timeout: 10_000 }).toContainEqual([BOARD, null]);
  });

  let first: string;
  let second: string;
  let third: string;
  let fourth: string;
  it('shows posted jobs in TaskFlow order with their details', async () => {
    first = await producer.post('job-first', { store: { n: 1 } });
    second = await producer.post('job-second', { store: { n: 2 } });
    third = await producer.post('job-urgent', { store: { n: 3 } }, 'HIGH');
    const truth = await inStep();
    // TaskFlow 5.0's iterjobs puts the higher priority last (see job-node.ts).
    expect(truth.map((job) => job.name)).toEqual(['job-first', 'job-second', 'job-urgent']);
    const urgent = (await tachJobs())[2];
    expect(urgent).toMatchObject({ priority: 'HIGH', details: { store: { n: 3 } }, state: 'UNCLAIMED', error: null });
    expect(Date.parse(urgent?.createdOn ?? '')).toBeGreaterThan(Date.now() - 60_000);
  });

  it('shows a conductor and its claim, with the owner TaskFlow reports', async () => {
    await conductor.register('conductor-a@it:1');
    await conductor.claim(first, 'conductor-a@it:1');
    const truth = await inStep();
    expect(truth.find((job) => job.uuid === first)).toMatchObject({ state: 'CLAIMED', owner: 'conductor-a@it:1' });
    await expect.poll(async () => (await tach.call('jobboards.overview', { deploymentId })).boards.find((b) => b.path === BOARD)?.conductors.map((c) => c.name), { timeout: 10_000 }).toEqual(['conductor-a@it:1']);
    const overview = await tach.call('jobboards.overview', { deploymentId });
    expect(overview.boards.find((b) => b.path === BOARD)?.counts).toEqual({ UNCLAIMED: 2, CLAIMED: 1 });
  });

  it('records consume as completed, abandon as released, trash as trashed', async () => {
    await conductor.consume(first, 'conductor-a@it:1');
    await conductor.claim(second, 'conductor-a@it:1');
    await inStep();
    await conductor.abandon(second, 'conductor-a@it:1');
    await producer.claim(third, 'producer@it');
    await inStep();
    await producer.trash(third, 'producer@it');
    const truth = await inStep();
    expect(truth.map((job) => job.uuid)).toEqual([second]);
    await expect.poll(() => kindsOf(first), { timeout: 10_000 }).toEqual(['posted', 'claimed:conductor-a@it:1', 'completed:conductor-a@it:1']);
    expect(await kindsOf(second)).toEqual(['posted', 'claimed:conductor-a@it:1', 'released:conductor-a@it:1']);
    expect(await kindsOf(third)).toEqual(['posted', 'claimed:producer@it', 'trashed:producer@it']);
    const gone = await tach.call('jobboards.job', { deploymentId, path: BOARD, node: `job${'0'.repeat(10)}` });
    expect(gone).toMatchObject({ onBoard: false, job: { state: 'COMPLETE', uuid: first } });
  });

  it('answers "the board at time T" from the history', async () => {
    const history = await tach.call('jobboards.history', { deploymentId, path: BOARD });
    const claimedAt = history.find((t) => t.uuid === first && t.kind === 'claimed')?.at ?? '';
    const then = await tach.call('jobboards.jobs', { deploymentId, path: BOARD, at: claimedAt });
    expect(simple(then).find((job) => job.uuid === first)).toMatchObject({ state: 'CLAIMED', owner: 'conductor-a@it:1' });
    expect(then.map((job) => job.uuid).sort()).toEqual([first, second, third].sort());
  });

  it('sees a claim vanish when its conductor is killed (the ephemeral lock goes with its session)', async () => {
    await conductor.claim(second, 'conductor-a@it:1');
    await inStep();
    conductor.kill();
    // kazoo's session timeout is 10 s: ZooKeeper removes the lock and the entity when it expires.
    await expect.poll(async () => simple(await producer.jobs()).map((job) => job.state), { timeout: 40_000, interval: 500 }).toEqual(['UNCLAIMED']);
    const truth = await inStep();
    expect(truth).toEqual([{ uuid: second, name: 'job-second', state: 'UNCLAIMED', owner: null }]);
    await expect.poll(async () => (await tach.call('jobboards.overview', { deploymentId })).boards.find((b) => b.path === BOARD)?.conductors, { timeout: 10_000 }).toEqual([]);
    expect((await kindsOf(second)).at(-1)).toBe('released:conductor-a@it:1');
  }, 60_000);

  it('answers Canary\'s GET /v1.0/jobs and /v1.0/conductor shapes', async () => {
    const records = await tach.call('canary.jobs', { path: BOARD });
    const last = records.at(-1);
    expect(last?.job_count).toBe(1);
    expect(last?.jobs[0]).toEqual({
      _backend: { connection: 'zookeeper' },
      _book: null,
      _book_data: null,
      _created_on: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?$/),
      _details: { store: { n: 2 } },
      _lock_path: `${BOARD}/job0000000001.lock`,
      _name: 'job-second',
      _node_not_found: false,
      _path: `${BOARD}/job0000000001`,
      _root: `${BOARD}/`,
      _sequence: 1,
      status: 'UNCLAIMED',
      _uuid: second,
      owner: null,
    });
    expect(await tach.call('canary.conductors', {})).toEqual({ conductor_count: 0, conductors: [] });
  });

  it('reconnects after ZooKeeper restarts and keeps following the board', async () => {
    await zk.restart();
    // Resumed, or (slow restart on a busy machine) a new session after the old one was given up.
    await expect.poll(async () => (await tach.call('jobboards.overview', { deploymentId })).session.status, { timeout: 60_000 }).toBe('connected');
    fourth = await producer.post('job-after-restart');
    const truth = await inStep(30_000);
    expect(truth.map((job) => job.uuid)).toEqual([second, fourth]);
  }, 120_000);

  it('says so when a board path does not exist, and keeps the others', async () => {
    await tach.call('deployments.update', { id: deploymentId, zookeeper: { hosts: zk.hosts, jobboards: [BOARD, '/taskflow/jobs/nope'], discover: null } });
    await expect.poll(async () => (await tach.call('jobboards.overview', { deploymentId })).boards.find((b) => b.path === '/taskflow/jobs/nope')?.error, { timeout: 15_000 }).toBe('The board path /taskflow/jobs/nope does not exist in ZooKeeper.');
    await inStep();
  }, 30_000);

  it('trashes a job and releases an abandoned claim, only when allowed, never a live conductor\'s', async () => {
    const act = (node: string, action: 'trash' | 'release') => tach.engine.dispatch('jobboards.action', { deploymentId, path: BOARD, node, action });
    const nodeOf = async (uuid: string) => (await tachJobs()).find((job) => job.uuid === uuid)?.node ?? '';
    const refused = await act(await nodeOf(second), 'trash');
    expect(refused.ok ? undefined : refused.error.code).toBe('forbidden');
    await tach.call('deployments.update', { id: deploymentId, jobboards: { allowActions: true } });

    // A claim whose owner is no registered conductor is abandoned: released.
    await producer.claim(fourth, 'ghost@gone:1');
    await inStep();
    expect(await tach.call('jobboards.action', { deploymentId, path: BOARD, node: await nodeOf(fourth), action: 'release' })).toEqual({ message: expect.stringMatching(/^Released job\d+ \(claimed by ghost@gone:1\)/) });
    expect((await inStep()).find((job) => job.uuid === fourth)).toMatchObject({ state: 'UNCLAIMED', owner: null });
    await expect.poll(() => kindsOf(fourth), { timeout: 10_000 }).toEqual(['posted', 'claimed:ghost@gone:1', 'released:ghost@gone:1']);

    // A registered conductor's claim is not abandoned.
    await producer.register('live@it:2');
    await producer.claim(fourth, 'live@it:2');
    await inStep();
    await expect.poll(async () => (await tach.call('jobboards.overview', { deploymentId })).boards.find((b) => b.path === BOARD)?.conductors.length, { timeout: 10_000 }).toBe(1);
    const live = await act(await nodeOf(fourth), 'release');
    expect(live.ok ? undefined : live.error.message).toMatch(/live@it:2 is a registered conductor/);

    // Trash, as TaskFlow's trash: gone from iterjobs, in .trash, recorded as trashed.
    expect((await tach.call('jobboards.action', { deploymentId, path: BOARD, node: await nodeOf(second), action: 'trash' })).message).toMatch(/^Trashed job\d+/);
    const truth = await inStep();
    expect(truth.map((job) => job.uuid)).toEqual([fourth]);
    await expect.poll(async () => (await kindsOf(second)).at(-1), { timeout: 10_000 }).toBe('trashed');
  }, 60_000);

  it('says "failing" while ZooKeeper does not answer, then reads the board again in a session', async () => {
    const status = async () => (await tach.call('jobboards.overview', { deploymentId })).session.status;
    const before = simple(await tachJobs());
    const pid = zk.pid() ?? 0;
    process.kill(pid, 'SIGSTOP');
    try {
      await expect.poll(status, { timeout: 30_000, interval: 500 }).toBe('failing');
      expect((await tach.call('jobboards.overview', { deploymentId })).session.detail).toMatch(/has answered/);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await expect.poll(status, { timeout: 60_000, interval: 500 }).toBe('connected');
    // The same jobs; a claim may have gone meanwhile, with its owner's expired session.
    expect((await tachJobs()).map((job) => job.uuid)).toEqual(before.map((job) => job.uuid));
  }, 120_000);
});
