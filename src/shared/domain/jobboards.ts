// TaskFlow job boards (ZooKeeper backend) as every door sees them.

/** TaskFlow's own state names (taskflow/states.py); COMPLETE when the job node is gone. */
export type JobState = 'UNCLAIMED' | 'CLAIMED' | 'COMPLETE';

/** What happened to a job, as recorded in the history. */
export type JobTransitionKind = 'posted' | 'claimed' | 'released' | 'completed' | 'trashed';

export type ZookeeperSessionStatus = 'connecting' | 'connected' | 'reconnecting' | 'failing' | 'stopped';

export interface JobboardJob {
  board: string;
  /** The znode's name: job0000000042. */
  node: string;
  /** Null when the node's data could not be read as a TaskFlow job (see `error`). */
  uuid: string | null;
  name: string | null;
  sequence: number;
  priority: string | null;
  details: unknown;
  book: { name?: string; uuid?: string } | null;
  createdOn: string | null;
  lastModified: string | null;
  state: JobState;
  owner: string | null;
  /** When Tach saw it claimed by its owner (null when unclaimed). */
  claimedAt: string | null;
  /** Why the node is not a readable job ("data is not JSON: …"); the rest of the board still shows. */
  error: string | null;
}

export interface Conductor {
  /** "<name>@<hostname>:<pid>" as TaskFlow registers it. */
  name: string;
  kind: string | null;
  metadata: Record<string, unknown> | null;
}

export interface JobboardSummary {
  path: string;
  /** How the board came to be watched. */
  source: 'configured' | 'discovered';
  /** Null while it is read; a sentence when the path does not exist or cannot be read. */
  error: string | null;
  counts: { UNCLAIMED: number; CLAIMED: number };
  trash: number;
  oldestUnclaimedSeconds: number | null;
  conductors: Conductor[];
}

export interface JobboardsOverview {
  session: { status: ZookeeperSessionStatus; detail: string; since: string };
  /** Why nothing is watched, when nothing is (no ZooKeeper, no boards configured). */
  off: string | null;
  boards: JobboardSummary[];
}

export interface JobTransition {
  board: string;
  node: string;
  uuid: string | null;
  name: string | null;
  kind: JobTransitionKind;
  /** Who claimed it (for claimed) or held it (released, completed). */
  owner: string | null;
  at: string;
}

export interface JobboardJobDetail {
  job: JobboardJob;
  /** False once the job left the board (completed or trashed). */
  onBoard: boolean;
  postedAt: string;
  endedAt: string | null;
  history: JobTransition[];
}

export interface JobboardCountSample {
  at: string;
  unclaimed: number;
  claimed: number;
  conductors: number;
  oldestUnclaimedSeconds: number | null;
}
