import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseJobNode } from '../job-node.ts';
import { openMemoryDatabase } from '../../../store.ts';
import { JobboardStore } from './jobboard-store.ts';

const posted = (node: string, at: number) => ({ kind: 'posted' as const, at, job: parseJobNode(node, Buffer.from(JSON.stringify({ uuid: `u-${node}`, name: node, details: { a: 1 } })), { ctime: at, mtime: at }) });

describe('JobboardStore', () => {
  let db: Database;
  let store: JobboardStore;
  beforeEach(() => {
    db = openMemoryDatabase();
    db.exec(`INSERT INTO tenants (id, name, created_at) VALUES (1, 't', 'now');
             INSERT INTO deployments (id, tenant_id, name, created_at, updated_at) VALUES (1, 1, 'd', 'now', 'now');`);
    store = new JobboardStore(db);
    store.apply(1, '/b', [posted('job1', 100), posted('job2', 110)]);
    store.apply(1, '/b', [{ kind: 'claimed', node: 'job1', owner: 'c1', at: 200 }]);
    store.apply(1, '/b', [{ kind: 'released', node: 'job1', owner: 'c1', at: 300 }, { kind: 'claimed', node: 'job2', owner: 'c2', at: 310 }]);
    store.apply(1, '/b', [{ kind: 'completed', node: 'job2', owner: 'c2', at: 400 }]);
  });
  afterEach(() => db.close());

  it('knows the open jobs with their owners, for the next diff after a restart', () => {
    expect([...store.known(1, '/b').values()]).toEqual([{ node: 'job1', uuid: 'u-job1', owner: null, claimedAt: null }]);
  });

  it('rebuilds the board at any time from the transitions', () => {
    const at = (t: number) => store.jobsAt(1, '/b', t).map((row) => `${row.node}:${row.owner ?? '-'}`);
    expect(at(50)).toEqual([]);
    expect(at(105)).toEqual(['job1:-']);
    expect(at(250)).toEqual(['job1:c1', 'job2:-']);
    expect(at(350)).toEqual(['job1:-', 'job2:c2']);
    expect(at(500)).toEqual(['job1:-']);
  });

  it('keeps every transition, and the job after it left the board', () => {
    expect(store.history(1, '/b', 0, 1000, 100).map((t) => `${t.kind}:${t.node}`)).toEqual(['posted:job1', 'posted:job2', 'claimed:job1', 'released:job1', 'claimed:job2', 'completed:job2']);
    expect(store.latestJob(1, '/b', 'job2')).toMatchObject({ ended_at: 400, end_kind: 'completed', owner: 'c2', details: '{"a":1}' });
  });

  it('prunes jobs that left and old samples', () => {
    store.addSample(1, '/b', 100, { unclaimed: 1, claimed: 0, conductors: 0, oldest_unclaimed_ms: 0 });
    store.addSample(1, '/b', 900, { unclaimed: 1, claimed: 0, conductors: 0, oldest_unclaimed_ms: 800 });
    store.prune(500);
    expect(store.latestJob(1, '/b', 'job2')).toBeUndefined();
    expect(store.samples(1, '/b', 0, 1000).map((s) => s.at)).toEqual([900]);
  });
});
