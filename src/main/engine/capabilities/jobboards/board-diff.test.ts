import { describe, expect, it } from 'vitest';
import { applyChanges, diffBoard, type BoardRead, type KnownJob } from './board-diff.ts';
import { parseJobNode } from './job-node.ts';

const job = (node: string, uuid: string, postedAt = 100) => ({
  ...parseJobNode(node, Buffer.from(JSON.stringify({ uuid, name: `n-${uuid}`, details: {} })), { ctime: postedAt, mtime: postedAt }),
  postedAt,
});
const read = (jobs: ReturnType<typeof job>[], locks: [string, string | null, number][] = [], trash: [string, string | null][] = []): BoardRead => ({
  jobs: new Map(jobs.map((j) => [j.node, j])),
  locks: new Map(locks.map(([node, owner, at]) => [node, { owner, at }])),
  trash: new Map(trash),
});
const kinds = (changes: ReturnType<typeof diffBoard>) => changes.map((c) => `${c.kind}:${'node' in c ? c.node : c.job.node}${'owner' in c && c.owner ? `@${c.owner}` : ''}`);

describe('diffBoard', () => {
  it('posts new jobs at their znode ctime and claims at the lock ctime', () => {
    const changes = diffBoard(new Map(), read([job('job1', 'a', 100), job('job2', 'b', 110)], [['job2', 'c1', 150]]), 999);
    expect(kinds(changes)).toEqual(['posted:job1', 'posted:job2', 'claimed:job2@c1']);
    expect(changes.map((c) => c.at)).toEqual([100, 110, 150]);
  });

  it('releases an abandoned claim and sees a re-claim by the same owner', () => {
    let known: Map<string, KnownJob> = applyChanges(new Map(), diffBoard(new Map(), read([job('job1', 'a')], [['job1', 'c1', 150]]), 999));
    expect(known.get('job1')).toEqual({ node: 'job1', uuid: 'a', owner: 'c1', claimedAt: 150 });
    expect(diffBoard(known, read([job('job1', 'a')], [['job1', 'c1', 150]]), 1000)).toEqual([]);
    const released = diffBoard(known, read([job('job1', 'a')]), 1000);
    expect(released).toEqual([{ kind: 'released', node: 'job1', owner: 'c1', at: 1000 }]);
    known = applyChanges(known, released);
    expect(known.get('job1')?.owner).toBeNull();
    const reclaimed = diffBoard(applyChanges(new Map(), diffBoard(new Map(), read([job('job1', 'a')], [['job1', 'c1', 150]]), 1)), read([job('job1', 'a')], [['job1', 'c1', 400]]), 1000);
    expect(kinds(reclaimed)).toEqual(['released:job1@c1', 'claimed:job1@c1']);
  });

  it('tells a consumed job from a trashed one by the trash folder', () => {
    const known = applyChanges(new Map(), diffBoard(new Map(), read([job('job1', 'a'), job('job2', 'b')], [['job1', 'c1', 150]]), 1));
    const changes = diffBoard(known, read([], [], [['job2', 'b']]), 2000);
    expect(changes).toEqual([
      { kind: 'completed', node: 'job1', owner: 'c1', at: 2000 },
      { kind: 'trashed', node: 'job2', owner: null, at: 2000 },
    ]);
    expect(applyChanges(known, changes).size).toBe(0);
  });

  it('a trash node of another board with the same name (other uuid) is not this job', () => {
    const known = applyChanges(new Map(), diffBoard(new Map(), read([job('job1', 'a')]), 1));
    expect(kinds(diffBoard(known, read([], [], [['job1', 'zzz']]), 5))).toEqual(['completed:job1']);
  });

  it('a lock without owner leaves the job unclaimed', () => {
    expect(kinds(diffBoard(new Map(), read([job('job1', 'a')], [['job1', null, 5]]), 9))).toEqual(['posted:job1']);
  });

  it('a node name reused with another uuid (board recreated) ends the old job and posts the new', () => {
    const known = applyChanges(new Map(), diffBoard(new Map(), read([job('job1', 'a')]), 1));
    expect(kinds(diffBoard(known, read([job('job1', 'b')]), 5))).toEqual(['completed:job1', 'posted:job1']);
  });
});
