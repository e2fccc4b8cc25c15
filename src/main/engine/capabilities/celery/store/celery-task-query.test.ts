import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTaskRecord } from '../events/task-record.ts';
import type { TaskRecord } from '../events/index.ts';
import { CeleryStore } from './celery-store.ts';
import { CeleryTaskQueries } from './celery-task-query.ts';
import { openMemoryDatabase } from '../../../store.ts';
import { SearchIndexer } from './search-indexer.ts';

const task = (uuid: string, at: number, fields: Partial<TaskRecord> = {}): TaskRecord => ({
  ...createTaskRecord(uuid, at),
  name: 'shop.ship',
  state: 'SUCCESS',
  args: `[${at}]`,
  lastEventAt: at,
  ...fields,
});

describe('task search', () => {
  let db: Database;
  let store: CeleryStore;
  let indexer: SearchIndexer;
  // A scan window of 5 tasks stands in for the real 20,000.
  const uuids = (deployment: number, query: Parameters<CeleryTaskQueries['tasks']>[1]) => new CeleryTaskQueries(db, 5).tasks(deployment, query).map((row) => row.uuid);

  beforeEach(() => {
    db = openMemoryDatabase();
    db.exec(`INSERT INTO tenants (id, name, created_at) VALUES (1, 't', 'now');
             INSERT INTO deployments (id, tenant_id, name, created_at, updated_at) VALUES (1, 1, 'd', 'now', 'now'), (2, 1, 'e', 'now', 'now');`);
    store = new CeleryStore(db);
    indexer = new SearchIndexer(db);
    const tasks = Array.from({ length: 30 }, (_, i) => task(`t${String(i).padStart(2, '0')}`, 1000 + i));
    tasks[2] = { ...tasks[2]!, state: 'FAILURE', exception: "KeyError('needle-in-haystack')" };
    tasks[7] = { ...tasks[7]!, state: 'FAILURE', exception: "KeyError('needle-in-haystack')" };
    store.save(1, tasks, [], []);
  });
  afterEach(() => db.close());

  it('finds a term everywhere in the newest tasks by scanning, newest first', () => {
    expect(uuids(1, { search: 'shop', limit: 3 })).toEqual(['t29', 't28', 't27']);
  });

  it('finds a rare term far outside the scan window through the index, once indexed', () => {
    expect(indexer.indexSome(1000)).toBe(30);
    expect(indexer.indexSome(1000)).toBe(0);
    expect(uuids(1, { search: 'needle-in', limit: 10 })).toEqual(['t07', 't02']);
  });

  it('finds rows the index has not reached yet, by scanning only those', () => {
    indexer.indexSome(5);
    // t00…t04 are indexed; t07 is not, and lies outside the window: both must be found.
    expect(uuids(1, { search: 'needle-in', limit: 10 })).toEqual(['t07', 't02']);
  });

  it('searches the latest version of a task: a write sends it back to the indexer', () => {
    indexer.indexSome(1000);
    store.save(1, [task('t02', 2000, { exception: 'ValueError(\'other\')', state: 'FAILURE' })], [], []);
    expect(uuids(1, { search: 'needle-in', limit: 10 })).toEqual(['t07']);
    indexer.indexSome(1000);
    expect(uuids(1, { search: 'needle-in', limit: 10 })).toEqual(['t07']);
    expect(uuids(1, { search: "ValueError('other", limit: 10 })).toEqual(['t02']);
  });

  it('applies filters and the keyset cursor to every part of a search', () => {
    indexer.indexSome(1000);
    expect(uuids(1, { search: 'needle', state: 'SUCCESS', limit: 10 })).toEqual([]);
    expect(uuids(1, { search: 'needle', before: { lastEventAt: 1007, uuid: 't07' }, limit: 10 })).toEqual(['t02']);
    expect(uuids(2, { search: 'needle', limit: 10 })).toEqual([]);
  });

  it('matches case as instr does, quotes are data, and short terms are scanned', () => {
    indexer.indexSome(1000);
    expect(uuids(1, { search: 'NEEDLE', limit: 10 })).toEqual([]);
    expect(uuids(1, { search: "('needle", limit: 10 })).toEqual(['t07', 't02']);
    expect(uuids(1, { search: '"x" OR needle', limit: 10 })).toEqual([]);
    expect(uuids(1, { search: '[1', limit: 2 })).toEqual(['t29', 't28']);
  });

  it('finds a task by its exact id even when no text holds it', () => {
    indexer.indexSome(1000);
    expect(uuids(1, { search: 't03', limit: 10 })).toEqual(['t03']);
  });

  it('forgets the index entries of tasks removed with their deployment', () => {
    indexer.indexSome(1000);
    db.exec('DELETE FROM deployments WHERE id = 1');
    expect(db.prepare("SELECT count(*) AS n FROM celery_task_search WHERE celery_task_search MATCH '\"needle\"'").get()).toEqual({ n: 0 });
  });
});
