import type { Database, Statement } from 'better-sqlite3';
import type { JobTransitionKind } from '../../../../../shared/domain/jobboards.ts';
import type { BoardChange, KnownJob } from '../board-diff.ts';
import { writeTransaction } from '../../../kernel/store/database.ts';

export interface JobRow {
  id: number;
  board: string;
  node: string;
  uuid: string | null;
  name: string | null;
  sequence: number;
  priority: string | null;
  details: string | null;
  book: string | null;
  created_on: string | null;
  last_modified: string | null;
  error: string | null;
  posted_at: number;
  owner: string | null;
  claimed_at: number | null;
  ended_at: number | null;
  end_kind: 'completed' | 'trashed' | null;
}

export interface TransitionRow {
  board: string;
  node: string;
  uuid: string | null;
  name: string | null;
  kind: JobTransitionKind;
  owner: string | null;
  at: number;
}

export interface SampleRow {
  at: number;
  unclaimed: number;
  claimed: number;
  conductors: number;
  oldest_unclaimed_ms: number | null;
}

const TRANSITION_COLUMNS = 't.board, j.node, j.uuid, j.name, t.kind, t.owner, t.at';

/** Job boards' jobs, their transitions and sampled counts. Each board read is applied in one transaction. */
export class JobboardStore {
  readonly #open: Statement<[number, string], JobRow>;
  readonly #insertJob: Statement<unknown[]>;
  readonly #openId: Statement<[number, string, string], { id: number }>;
  readonly #claim: Statement<[string, number, number]>;
  readonly #release: Statement<[number]>;
  readonly #end: Statement<[number, string, number]>;
  readonly #transition: Statement<[number, number, string, string, string | null, number]>;
  readonly #at: Statement<[number, number, string, number, number], JobRow>;
  readonly #latest: Statement<[number, string, string], JobRow>;
  readonly #jobHistory: Statement<[number], TransitionRow>;
  readonly #history: Statement<[number, string | null, string | null, number, number, number], TransitionRow>;
  readonly #sample: Statement<[number, string, number, number, number, number, number | null]>;
  readonly #samples: Statement<[number, string, number, number], SampleRow>;
  readonly #sampleTimes: Statement<[number, string, number, number], { at: number }>;
  readonly #pruneJobs: Statement<[number]>;
  readonly #pruneSamples: Statement<[number]>;
  readonly #apply: (deploymentId: number, board: string, changes: readonly BoardChange[]) => void;

  constructor(db: Database) {
    this.#open = db.prepare('SELECT * FROM jobboard_jobs WHERE deployment_id = ? AND board = ? AND ended_at IS NULL');
    this.#insertJob = db.prepare(`INSERT INTO jobboard_jobs (deployment_id, board, node, uuid, name, sequence, priority, details, book, created_on, last_modified, error, posted_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.#openId = db.prepare('SELECT id FROM jobboard_jobs WHERE deployment_id = ? AND board = ? AND node = ? AND ended_at IS NULL');
    this.#claim = db.prepare('UPDATE jobboard_jobs SET owner = ?, claimed_at = ? WHERE id = ?');
    this.#release = db.prepare('UPDATE jobboard_jobs SET owner = NULL, claimed_at = NULL WHERE id = ?');
    this.#end = db.prepare('UPDATE jobboard_jobs SET ended_at = ?, end_kind = ? WHERE id = ?');
    this.#transition = db.prepare('INSERT INTO jobboard_transitions (job_id, deployment_id, board, kind, owner, at) VALUES (?, ?, ?, ?, ?, ?)');
    // The board at time T: jobs posted by T and not ended by T, each with its owner at T (the
    // last claim or release up to T). Owner and claim time are recomputed, not the current ones.
    this.#at = db.prepare(`
      SELECT j.id, j.board, j.node, j.uuid, j.name, j.sequence, j.priority, j.details, j.book, j.created_on, j.last_modified, j.error,
             j.posted_at, j.ended_at, j.end_kind,
             CASE WHEN last.kind = 'claimed' THEN last.owner END AS owner,
             CASE WHEN last.kind = 'claimed' THEN last.at END AS claimed_at
      FROM jobboard_jobs j
      LEFT JOIN jobboard_transitions last ON last.id = (
        SELECT t.id FROM jobboard_transitions t WHERE t.job_id = j.id AND t.kind IN ('claimed', 'released') AND t.at <= ? ORDER BY t.at DESC, t.id DESC LIMIT 1)
      WHERE j.deployment_id = ? AND j.board = ? AND j.posted_at <= ? AND (j.ended_at IS NULL OR j.ended_at > ?)`);
    this.#latest = db.prepare('SELECT * FROM jobboard_jobs WHERE deployment_id = ? AND board = ? AND node = ? ORDER BY id DESC LIMIT 1');
    this.#jobHistory = db.prepare(`SELECT ${TRANSITION_COLUMNS} FROM jobboard_transitions t JOIN jobboard_jobs j ON j.id = t.job_id WHERE t.job_id = ? ORDER BY t.at, t.id`);
    this.#history = db.prepare(`SELECT ${TRANSITION_COLUMNS} FROM jobboard_transitions t JOIN jobboard_jobs j ON j.id = t.job_id
      WHERE t.deployment_id = ? AND (? IS NULL OR t.board = ?) AND t.at >= ? AND t.at <= ? ORDER BY t.at, t.id LIMIT ?`);
    this.#sample = db.prepare('INSERT OR REPLACE INTO jobboard_samples (deployment_id, board, at, unclaimed, claimed, conductors, oldest_unclaimed_ms) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.#samples = db.prepare('SELECT at, unclaimed, claimed, conductors, oldest_unclaimed_ms FROM jobboard_samples WHERE deployment_id = ? AND board = ? AND at >= ? AND at <= ? ORDER BY at LIMIT 5000');
    this.#sampleTimes = db.prepare('SELECT at FROM jobboard_samples WHERE deployment_id = ? AND board = ? AND at >= ? AND at <= ? ORDER BY at LIMIT 1000');
    this.#pruneJobs = db.prepare('DELETE FROM jobboard_jobs WHERE ended_at IS NOT NULL AND ended_at < ?');
    this.#pruneSamples = db.prepare('DELETE FROM jobboard_samples WHERE at < ?');
    this.#apply = writeTransaction(db, (deploymentId: number, board: string, changes: readonly BoardChange[]) => {
      for (const change of changes) {
        if (change.kind === 'posted') {
          const { job } = change;
          const id = Number(
            this.#insertJob.run(deploymentId, board, job.node, job.uuid, job.name, job.sequence, job.priority, job.details === null ? null : JSON.stringify(job.details), job.book === null ? null : JSON.stringify(job.book), job.createdOn, job.lastModified, job.error, change.at).lastInsertRowid,
          );
          this.#transition.run(id, deploymentId, board, 'posted', null, change.at);
          continue;
        }
        const id = this.#openId.get(deploymentId, board, change.node)?.id;
        if (id === undefined) continue;
        if (change.kind === 'claimed') this.#claim.run(change.owner, change.at, id);
        else if (change.kind === 'released') this.#release.run(id);
        else this.#end.run(change.at, change.kind, id);
        this.#transition.run(id, deploymentId, board, change.kind, change.owner, change.at);
      }
    });
  }

  /** What Tach knew of the board when it last read it: the starting point after a restart. */
  known(deploymentId: number, board: string): Map<string, KnownJob> {
    return new Map(this.#open.all(deploymentId, board).map((row) => [row.node, { node: row.node, uuid: row.uuid, owner: row.owner, claimedAt: row.claimed_at }]));
  }

  apply(deploymentId: number, board: string, changes: readonly BoardChange[]): void {
    if (changes.length > 0) this.#apply(deploymentId, board, changes);
  }

  openJobs(deploymentId: number, board: string): JobRow[] {
    return this.#open.all(deploymentId, board);
  }

  jobsAt(deploymentId: number, board: string, at: number): JobRow[] {
    return this.#at.all(at, deploymentId, board, at, at);
  }

  latestJob(deploymentId: number, board: string, node: string): JobRow | undefined {
    return this.#latest.get(deploymentId, board, node);
  }

  jobHistory(jobId: number): TransitionRow[] {
    return this.#jobHistory.all(jobId);
  }

  history(deploymentId: number, board: string | undefined, since: number, until: number, limit: number): TransitionRow[] {
    return this.#history.all(deploymentId, board ?? null, board ?? null, since, until, limit);
  }

  addSample(deploymentId: number, board: string, at: number, sample: Omit<SampleRow, 'at'>): void {
    this.#sample.run(deploymentId, board, at, sample.unclaimed, sample.claimed, sample.conductors, sample.oldest_unclaimed_ms);
  }

  samples(deploymentId: number, board: string, since: number, until: number): SampleRow[] {
    return this.#samples.all(deploymentId, board, since, until);
  }

  sampleTimes(deploymentId: number, board: string, since: number, until: number): number[] {
    return this.#sampleTimes.all(deploymentId, board, since, until).map((row) => row.at);
  }

  /** Forgets jobs that left their board, and samples, before `before` (epoch ms). */
  prune(before: number): void {
    this.#pruneJobs.run(before);
    this.#pruneSamples.run(before);
  }
}
