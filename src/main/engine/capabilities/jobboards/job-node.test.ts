import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareJobs, conductorsPathOf, isJobNode, isLockNode, jobState, parseConductor, parseJobNode, parseLockOwner, sequenceOf, statMillis, trashPathOf } from './job-node.ts';

interface CapturedNode {
  path: string;
  data: string;
  ephemeral: boolean;
  children: CapturedNode[];
}
// shared/captures/taskflow-zk-tree.json, copied into the repo.
const capture = JSON.parse(readFileSync(new URL('../../../../../test/fixtures/taskflow/taskflow-zk-tree.json', import.meta.url), 'utf8')) as {
  tree: CapturedNode;
};
const flatten = (node: CapturedNode): CapturedNode[] => [node, ...node.children.flatMap(flatten)];
const nodes = flatten(capture.tree);
const at = (path: string) => {
  const found = nodes.find((node) => node.path === path);
  if (!found) throw new Error(`no ${path} in the capture`);
  return found;
};
const times = { ctime: Date.parse('2026-11-23T10:00:00Z'), mtime: Date.parse('2026-11-23T10:00:01Z') };

describe('TaskFlow job nodes (from a real board: taskflow 5.0.0, kazoo 2.8.0)', () => {
  const board = at('/taskflow/jobs/demo');
  const children = board.children.map((child) => child.path.slice(board.path.length + 1));

  it('tells jobs from their locks as TaskFlow does', () => {
    expect(children.filter(isJobNode)).toEqual(['job0000000000', 'job0000000001', 'job0000000002']);
    expect(children.filter(isLockNode)).toEqual(['job0000000001.lock']);
    expect(sequenceOf('job0000000042')).toBe(42);
  });

  it('reads a posting with its book, details and priority; times from the znode when not in the data', () => {
    const job = parseJobNode('job0000000000', Buffer.from(at('/taskflow/jobs/demo/job0000000000').data), times);
    expect(job).toEqual({
      node: 'job0000000000',
      sequence: 0,
      uuid: '5184f085-2457-4846-882d-aff8b9d58d12',
      name: 'demo-job-0',
      priority: 'NORMAL',
      details: { store: { x: 0 }, flow_uuid: '0f1e2d3c-0000-4000-8000-000000000001' },
      book: { name: 'demo-book', uuid: '881fc248-94eb-4310-bd0d-dc5af825433b' },
      createdOn: '2026-11-23T10:00:00.000Z',
      lastModified: '2026-11-23T10:00:01.000Z',
      error: null,
    });
    expect(parseJobNode('job0000000002', Buffer.from(at('/taskflow/jobs/demo/job0000000002').data), times)).toMatchObject({ priority: 'HIGH', book: null, sequence: 2 });
  });

  it('reads the claim owner from the ephemeral lock', () => {
    const lock = at('/taskflow/jobs/demo/job0000000001.lock');
    expect(lock.ephemeral).toBe(true);
    expect(parseLockOwner(Buffer.from(lock.data))).toBe('worker-a@host1');
  });

  it('finds the trash and conductors where TaskFlow puts them', () => {
    expect(trashPathOf('/taskflow/jobs/demo')).toBe('/taskflow/jobs/.trash');
    expect(nodes.some((node) => node.path === trashPathOf('/taskflow/jobs/demo'))).toBe(true);
    expect(conductorsPathOf('/taskflow/jobs')).toBe('/taskflow/.entities/conductor');
    expect(conductorsPathOf('/taskflow/jobs/my_jobs')).toBe('/taskflow/jobs/.entities/conductor');
    // Python's str.replace replaces every occurrence of the board's name.
    expect(trashPathOf('/a/jobs/jobs')).toBe('/a/.trash/.trash');
  });
});

describe('bad node data is a per-job error, never a throw', () => {
  it('says data that is not JSON is not JSON, with a preview', () => {
    const job = parseJobNode('job0000000007', Buffer.from('pickle\x80\x04 not json'), times);
    expect(job.error).toMatch(/^data is not JSON .*"pickle/);
    expect(job.uuid).toBeNull();
    expect(job.sequence).toBe(7);
    expect(job.createdOn).toBe('2026-11-23T10:00:00.000Z');
  });

  it('says empty data and JSON that is not a posting', () => {
    expect(parseJobNode('job1', Buffer.alloc(0), times).error).toBe('the node has no data');
    expect(parseJobNode('job1', undefined, times).error).toBe('the node has no data');
    expect(parseJobNode('job1', Buffer.from('[1,2]'), times).error).toBe('data is JSON but not an object');
    expect(parseJobNode('job1', Buffer.from('{"name":"x"}'), times).error).toMatch(/no "uuid"/);
  });

  it('treats an unreadable lock or one without owner as unclaimed', () => {
    expect(parseLockOwner(Buffer.from('nope'))).toBeNull();
    expect(parseLockOwner(Buffer.from('{}'))).toBeNull();
    expect(jobState(true, parseLockOwner(Buffer.from('{}')))).toBe('UNCLAIMED');
  });
});

describe('state rules and order', () => {
  it('follows ZookeeperJob.state', () => {
    expect(jobState(false, 'a')).toBe('COMPLETE');
    expect(jobState(true, null)).toBe('UNCLAIMED');
    expect(jobState(true, 'a')).toBe('CLAIMED');
  });

  it('orders as iterjobs() does: by priority, the higher later (TaskFlow 5.0 quirk), then sequence', () => {
    const jobs = [
      { priority: 'NORMAL', sequence: 1 },
      { priority: 'HIGH', sequence: 2 },
      { priority: 'NORMAL', sequence: 0 },
      { priority: 'VERY_LOW', sequence: -1 },
    ];
    expect(jobs.sort(compareJobs).map((job) => job.sequence)).toEqual([-1, 0, 1, 2]);
  });

  it('reads conductor entities and stat times', () => {
    const data = Buffer.from(JSON.stringify({ kind: 'conductor', name: 'c1@h:12', metadata: { hostname: 'h', pid: 12 } }));
    expect(parseConductor('c1@h:12', data)).toEqual({ name: 'c1@h:12', kind: 'conductor', metadata: { hostname: 'h', pid: 12 } });
    expect(parseConductor('odd', Buffer.from('x'))).toEqual({ name: 'odd', kind: null, metadata: null });
    const stamp = Buffer.alloc(8);
    stamp.writeBigInt64BE(1_700_000_000_123n);
    expect(statMillis(stamp)).toBe(1_700_000_000_123);
  });
});
