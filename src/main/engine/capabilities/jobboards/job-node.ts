// TaskFlow's ZooKeeper job board, read as taskflow/jobs/backends/impl_zookeeper.py writes it
// (openstack/taskflow@2a6420a3): pure functions from znode names and bytes to records.

export const JOB_PREFIX = 'job';
export const LOCK_POSTFIX = '.lock';

/**
 * The order iterjobs() returns: sorted() over ZookeeperJob.__lt__, which (taskflow 5.0.0, still at
 * 2a6420a3) returns False when JobPriority.reorder puts `self` first, so the higher priority sorts
 * *later*: VERY_LOW first, VERY_HIGH last, sequence within a priority. Reproduced as TaskFlow
 * reports it, so Tach's list and a TaskFlow client's agree (checked against the real one).
 */
const PRIORITY_RANK: Readonly<Record<string, number>> = { VERY_LOW: 0, LOW: 1, NORMAL: 2, HIGH: 3, VERY_HIGH: 4 };

/** A job node as read: what TaskFlow posted, or why it could not be read. */
export interface ParsedJob {
  node: string;
  sequence: number;
  uuid: string | null;
  name: string | null;
  priority: string | null;
  details: unknown;
  book: { name?: string; uuid?: string } | null;
  createdOn: string | null;
  lastModified: string | null;
  error: string | null;
}

/** Children TaskFlow's own watcher considers jobs: starting with "job", not ending in ".lock". */
export const isJobNode = (child: string): boolean => child.startsWith(JOB_PREFIX) && !child.endsWith(LOCK_POSTFIX);
export const isLockNode = (child: string): boolean => child.startsWith(JOB_PREFIX) && child.endsWith(LOCK_POSTFIX);
export const lockNodeOf = (jobNode: string): string => `${jobNode}${LOCK_POSTFIX}`;
export const jobNodeOfLock = (lockNode: string): string => lockNode.slice(0, -LOCK_POSTFIX.length);

/** job0000000042 -> 42 (ZooKeeper's ten-digit sequence suffix); -1 when there is none. */
export function sequenceOf(node: string): number {
  const digits = /(\d+)$/.exec(node)?.[1];
  return digits === undefined ? -1 : Number(digits);
}

/**
 * TaskFlow derives sibling folders with `path.replace(basename(path), '.trash')`: Python's
 * str.replace replaces every occurrence, so a board /a/jobs/jobs keeps its trash at
 * /a/.trash/.trash. Reproduced as is, or Tach would look where TaskFlow never writes.
 */
function siblingFolder(board: string, folder: string): string {
  const base = board.slice(board.lastIndexOf('/') + 1);
  return base === '' ? board : board.split(base).join(folder);
}

export const trashPathOf = (board: string): string => siblingFolder(board, '.trash');
export const conductorsPathOf = (board: string): string => `${siblingFolder(board, '.entities')}/conductor`;

/** ZooKeeper's stat times are 8-byte big-endian epoch milliseconds. */
export function statMillis(value: Buffer | undefined): number | null {
  if (!value || value.length < 8) return null;
  return Number(value.readBigInt64BE(0));
}

function parseJsonObject(data: Buffer | undefined | null): { value: Record<string, unknown> } | { error: string } {
  if (!data || data.length === 0) return { error: 'the node has no data' };
  let value: unknown;
  try {
    value = JSON.parse(data.toString('utf8'));
  } catch (error) {
    const preview = data.toString('utf8', 0, Math.min(data.length, 40)).replace(/\s+/g, ' ');
    return { error: `data is not JSON (${(error as Error).message}): "${preview}${data.length > 40 ? '…' : ''}"` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'data is JSON but not an object' };
  return { value: value as Record<string, unknown> };
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * A job node's data (jobs/base.py format_posting): {uuid, name, priority, details, book?,
 * created_on?, last_modified?}. Times missing from the data come from the znode's ctime and mtime,
 * as TaskFlow does. Data that is not a job is kept as an error on this job alone.
 */
export function parseJobNode(node: string, data: Buffer | undefined | null, times: { ctime: number | null; mtime: number | null }): ParsedJob {
  const base: ParsedJob = {
    node,
    sequence: sequenceOf(node),
    uuid: null,
    name: null,
    priority: null,
    details: null,
    book: null,
    createdOn: times.ctime === null ? null : new Date(times.ctime).toISOString(),
    lastModified: times.mtime === null ? null : new Date(times.mtime).toISOString(),
    error: null,
  };
  const parsed = parseJsonObject(data);
  if ('error' in parsed) return { ...base, error: parsed.error };
  const posting = parsed.value;
  const uuid = text(posting.uuid);
  const book = typeof posting.book === 'object' && posting.book !== null && !Array.isArray(posting.book) ? (posting.book as Record<string, unknown>) : null;
  return {
    ...base,
    uuid,
    name: text(posting.name),
    priority: text(posting.priority) ?? 'NORMAL',
    details: posting.details ?? {},
    book: book ? { ...(text(book.name) !== null ? { name: text(book.name) as string } : {}), ...(text(book.uuid) !== null ? { uuid: text(book.uuid) as string } : {}) } : null,
    createdOn: text(posting.created_on) ?? base.createdOn,
    lastModified: text(posting.last_modified) ?? base.lastModified,
    error: uuid === null ? 'data has no "uuid": not a TaskFlow job' : null,
  };
}

/** A lock node's data: {"owner": who}. No owner (or unreadable data) counts as unclaimed, as in TaskFlow. */
export function parseLockOwner(data: Buffer | undefined | null): string | null {
  const parsed = parseJsonObject(data);
  if ('error' in parsed) return null;
  const owner = parsed.value.owner;
  return typeof owner === 'string' && owner !== '' ? owner : null;
}

/** A conductor's entity node (types/entity.py): {"kind", "name", "metadata"}. */
export function parseConductor(child: string, data: Buffer | undefined | null): { name: string; kind: string | null; metadata: Record<string, unknown> | null } {
  const parsed = parseJsonObject(data);
  if ('error' in parsed) return { name: child, kind: null, metadata: null };
  const { kind, name, metadata } = parsed.value;
  return {
    name: text(name) ?? child,
    kind: text(kind),
    metadata: typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata) ? (metadata as Record<string, unknown>) : null,
  };
}

/** TaskFlow's ZookeeperJob.state: node gone -> COMPLETE; no lock owner -> UNCLAIMED; else CLAIMED. */
export function jobState(onBoard: boolean, owner: string | null): 'UNCLAIMED' | 'CLAIMED' | 'COMPLETE' {
  if (!onBoard) return 'COMPLETE';
  return owner === null ? 'UNCLAIMED' : 'CLAIMED';
}

/** TaskFlow's iteration order (see PRIORITY_RANK), then sequence. Unknown priorities sort as NORMAL. */
export function compareJobs(a: { priority: string | null; sequence: number }, b: { priority: string | null; sequence: number }): number {
  const rank = (p: string | null) => PRIORITY_RANK[p ?? 'NORMAL'] ?? PRIORITY_RANK.NORMAL ?? 2;
  return rank(a.priority) - rank(b.priority) || a.sequence - b.sequence;
}
