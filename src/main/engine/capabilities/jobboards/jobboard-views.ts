import type { CanaryJob } from '../../../../shared/domain/canary.ts';
import type { JobboardCountSample, JobboardJob, JobTransition } from '../../../../shared/domain/jobboards.ts';
import type { JobRow, SampleRow, TransitionRow } from './store/jobboard-store.ts';
import { compareJobs, jobState, lockNodeOf } from './job-node.ts';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
const json = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

export function jobView(row: JobRow, onBoard = row.ended_at === null): JobboardJob {
  return {
    board: row.board,
    node: row.node,
    uuid: row.uuid,
    name: row.name,
    sequence: row.sequence,
    priority: row.priority,
    details: json(row.details),
    book: json(row.book) as JobboardJob['book'],
    createdOn: row.created_on,
    lastModified: row.last_modified,
    state: jobState(onBoard, row.owner),
    owner: row.owner,
    claimedAt: iso(row.claimed_at),
    error: row.error,
  };
}

/** Jobs in TaskFlow's iteration order. */
export const sortJobs = <T extends { priority: string | null; sequence: number }>(jobs: T[]): T[] => jobs.sort(compareJobs);

export const transitionView = (row: TransitionRow): JobTransition => ({ ...row, at: new Date(row.at).toISOString() });

export const sampleView = (row: SampleRow): JobboardCountSample => ({
  at: new Date(row.at).toISOString(),
  unclaimed: row.unclaimed,
  claimed: row.claimed,
  conductors: row.conductors,
  oldestUnclaimedSeconds: row.oldest_unclaimed_ms === null ? null : Math.floor(row.oldest_unclaimed_ms / 1000),
});

/** Python's datetime.isoformat() of a naive UTC time, as Canary printed `_created_on`. */
export function pythonIsoformat(value: string | null): string | null {
  if (value === null) return null;
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?(?:Z|[+-]00:?00)$/.exec(value);
  if (!match) return value; // a created_on TaskFlow was given as text: passed on as is
  const [, seconds, fraction] = match;
  return fraction && Number(fraction) !== 0 ? `${seconds}.${fraction.padEnd(6, '0')}` : (seconds ?? value);
}

/** A job as Canary's worker serialised ZookeeperJob.__dict__ (plus status and owner). */
export function canaryJob(row: JobRow): CanaryJob {
  const path = `${row.board}/${row.node}`;
  return {
    _backend: { connection: 'zookeeper' },
    _book: null,
    _book_data: json(row.book) as CanaryJob['_book_data'],
    _created_on: pythonIsoformat(row.created_on),
    _details: json(row.details),
    _lock_path: `${row.board}/${lockNodeOf(row.node)}`,
    _name: row.name,
    _node_not_found: false,
    _path: path,
    _root: `${row.board}/`,
    _sequence: row.sequence,
    status: jobState(true, row.owner),
    _uuid: row.uuid,
    owner: row.owner,
  };
}
