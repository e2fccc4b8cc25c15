import type { ParsedJob } from './job-node.ts';

/** What Tach last knew of a job on the board (from memory, or from the store after a restart). */
export interface KnownJob {
  node: string;
  uuid: string | null;
  owner: string | null;
  /** Epoch ms of the claim (the lock node's ctime), so a re-claim by the same owner is still seen. */
  claimedAt: number | null;
}

/** One complete read of a board. */
export interface BoardRead {
  jobs: ReadonlyMap<string, ParsedJob & { postedAt: number }>;
  /** Lock by job node: owner (null if the lock names none) and the lock's ctime. */
  locks: ReadonlyMap<string, { owner: string | null; at: number }>;
  /** The trash folder's nodes: name -> the trashed job's uuid (null when unreadable). */
  trash: ReadonlyMap<string, string | null>;
}

export type BoardChange =
  | { kind: 'posted'; job: ParsedJob; at: number }
  | { kind: 'claimed'; node: string; owner: string; at: number }
  | { kind: 'released'; node: string; owner: string; at: number }
  | { kind: 'completed' | 'trashed'; node: string; owner: string | null; at: number };

/**
 * The transitions between what was known and a fresh read. Posted and claimed carry the znode's
 * creation time (exact, whenever Tach saw it); released, completed and trashed only have the
 * time Tach noticed, since a deleted node leaves no time behind (a trash node's ctime excepted).
 */
export function diffBoard(known: ReadonlyMap<string, KnownJob>, read: BoardRead, now: number): BoardChange[] {
  const changes: BoardChange[] = [];
  for (const [node, job] of read.jobs) {
    const before = known.get(node);
    // The same name with another uuid: the board was recreated and its sequence restarted.
    const fresh = !before || (before.uuid !== null && job.uuid !== null && before.uuid !== job.uuid);
    if (fresh && before) changes.push({ kind: 'completed', node, owner: before.owner, at: now });
    if (fresh) changes.push({ kind: 'posted', job, at: job.postedAt });
    const lock = read.locks.get(node);
    const owner = lock?.owner ?? null;
    const wasOwner = fresh ? null : (before?.owner ?? null);
    const sameClaim = !fresh && owner !== null && owner === wasOwner && lock?.at === before?.claimedAt;
    if (sameClaim) continue;
    if (wasOwner !== null && (owner !== wasOwner || lock?.at !== before?.claimedAt)) changes.push({ kind: 'released', node, owner: wasOwner, at: now });
    if (owner !== null && lock) changes.push({ kind: 'claimed', node, owner, at: lock.at });
  }
  for (const [node, before] of known) {
    if (read.jobs.has(node)) continue;
    const trashed = read.trash.has(node) && (before.uuid === null || read.trash.get(node) === null || read.trash.get(node) === before.uuid);
    changes.push({ kind: trashed ? 'trashed' : 'completed', node, owner: before.owner, at: now });
  }
  return changes;
}

/** What is known after applying the changes (the next diff's `known`). */
export function applyChanges(known: ReadonlyMap<string, KnownJob>, changes: readonly BoardChange[]): Map<string, KnownJob> {
  const next = new Map(known);
  for (const change of changes) {
    if (change.kind === 'posted') next.set(change.job.node, { node: change.job.node, uuid: change.job.uuid, owner: null, claimedAt: null });
    else if (change.kind === 'claimed') {
      const job = next.get(change.node);
      if (job) next.set(change.node, { ...job, owner: change.owner, claimedAt: change.at });
    } else if (change.kind === 'released') {
      const job = next.get(change.node);
      if (job) next.set(change.node, { ...job, owner: null, claimedAt: null });
    } else next.delete(change.node);
  }
  return next;
}
