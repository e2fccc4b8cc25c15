import type { Database, Statement } from 'better-sqlite3';
import { PRECEDENCE, type TaskRecord, type WorkerRecord } from '../events/index.ts';
import { CeleryTaskQueries, type TaskQuery } from './celery-task-query.ts';
import { KeyFilter } from '../../../kernel/store/key-filter.ts';
import { CELERY_TASK_KEYS, TASK_LOCATION, KeyLevels, type KeyLevelLimits } from '../../../kernel/store/key-levels.ts';
import { uuidKey } from '../../../kernel/store/uuid-key.ts';

export type { TaskQuery } from './celery-task-query.ts';
import { TASK_COLUMNS, TASK_VALUE_KEY, TASK_VALUE_UUID, WORKER_COLUMNS, taskRecord, taskValues, workerRecord, workerRow, type TaskRow, type TaskValues, type WorkerRow } from './celery-rows.ts';
import { writeTransaction } from '../../../kernel/store/database.ts';

export interface RejectedMessage {
  receivedAt: number;
  routingKey: string;
  contentType: string | null;
  reason: string;
  body: Buffer;
}

export interface RejectedRow {
  id: number;
  received_at: number;
  routing_key: string;
  content_type: string | null;
  reason: string;
  body: Buffer;
  body_size: number;
}

/** A rejected message's body is kept up to this size; its full size is recorded beside it. */
export const REJECTED_BODY_LIMIT = 64 * 1024;

const upsert = (table: string, columns: readonly string[], key: readonly string[]) => `
  INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})
  ON CONFLICT (${key.join(', ')}) DO UPDATE SET
  ${columns.filter((c) => !key.includes(c)).map((c) => `${c} = excluded.${c}`).join(', ')}`;

/** celery.states.precedence() in SQL: a lower rank wins; states Celery does not list rank with None. */
const rank = (column: string): string =>
  `CASE ${column} ${PRECEDENCE.map((state, index) => (state === null ? '' : `WHEN '${state}' THEN ${index} `)).join('')}ELSE ${PRECEDENCE.indexOf(null)} END`;

/**
 * A task row merged rather than overwritten: a task evicted from memory and heard of again comes
 * back as a partial record (no name, no args), which must not erase what is stored. Fields take
 * the newer value when it has one; the state follows Celery's precedence, with RETRY exempt as
 * in Celery (a retried task goes back to RECEIVED, STARTED…), and the worker follows the state.
 */
function taskUpsert(): string {
  const stateWins = `(${rank('excluded.state')} <= ${rank('celery_tasks.state')} OR excluded.state = 'RETRY' OR celery_tasks.state = 'RETRY')`;
  const special: Record<string, string> = {
    state: `CASE WHEN ${stateWins} THEN excluded.state ELSE celery_tasks.state END`,
    worker: `CASE WHEN ${stateWins} THEN coalesce(excluded.worker, celery_tasks.worker) ELSE coalesce(celery_tasks.worker, excluded.worker) END`,
    timestamp: `CASE WHEN ${stateWins} THEN coalesce(excluded.timestamp, celery_tasks.timestamp) ELSE celery_tasks.timestamp END`,
    last_event_at: 'max(excluded.last_event_at, celery_tasks.last_event_at)',
  };
  // Every write changes what a search may find: the row waits for the indexer again.
  const searchable = ',\n    searchable = 0';
  const key = ['deployment_id', 'uuid', 'uuid_key'];
  const columns = TASK_COLUMNS as readonly string[];
  // Positional: binding 36 named parameters costs a property look-up each, a measurable share of
  // ingest. The first is the stored task's row id, or null for a new task (SQLite assigns the next).
  return `
    INSERT INTO celery_tasks (id, ${columns.join(', ')}) VALUES (?, ${columns.map(() => '?').join(', ')})
    ON CONFLICT (id) DO UPDATE SET
    ${columns
      .filter((c) => !key.includes(c))
      .map((c) => `${c} = ${special[c] ?? `coalesce(excluded.${c}, celery_tasks.${c})`}`)
      .join(',\n    ')}${searchable}`;
}

/** All SQL about Celery monitoring, prepared once; writes go in one transaction per batch. */
export class CeleryStore {
  readonly #upsertTask: Statement<unknown[], never>;
  readonly #keys: KeyLevels;
  /** Built on the first save: only the writer's store needs it. */
  readonly #stored: KeyFilter;
  readonly #taskId: Statement<[number, number, string], number>;
  readonly #upsertWorker: Statement<[WorkerRow]>;
  readonly #insertRejected: Statement<[Omit<RejectedRow, 'id'> & { deployment_id: number }]>;
  readonly #recentTasks: Statement<[number, number], TaskRow>;
  readonly #workers: Statement<[number], WorkerRow>;
  readonly #task: Statement<[number, number, string], TaskRow>;
  readonly #countsByState: Statement<[number], { state: string; n: number }>;
  readonly #rejected: Statement<[number, number], RejectedRow>;
  readonly #rejectedCount: Statement<[number], { n: number }>;
  readonly #removeWorkersBefore: Statement<[number, number]>;
  readonly #installId: Statement<[], { value: string }>;
  readonly #queries: CeleryTaskQueries;
  readonly #saveBatch: (deploymentId: number, tasks: readonly TaskValues[], workers: readonly WorkerRecord[], rejected: readonly RejectedMessage[]) => void;

  /** `keyLevels` sizes the task-key levels (key-levels.ts); tests make them small. */
  constructor(db: Database, keyLevels?: KeyLevelLimits) {
    this.#queries = new CeleryTaskQueries(db);
    this.#upsertTask = db.prepare<unknown[], never>(taskUpsert());
    this.#keys = new KeyLevels(db, CELERY_TASK_KEYS, keyLevels);
    const countKeys = db.prepare<[], number>('SELECT count(*) FROM celery_task_locations').pluck();
    const eachKey = db.prepare<[], [number, number]>('SELECT deployment_id, uuid_key FROM celery_task_locations').raw();
    this.#stored = new KeyFilter({ count: () => countKeys.get() ?? 0, each: () => eachKey.iterate() });
    this.#taskId = db.prepare<[number, number, string], number>(`SELECT id FROM celery_tasks WHERE id IN (${TASK_LOCATION}) AND uuid = ?`).pluck();
    this.#upsertWorker = db.prepare(upsert('celery_workers', WORKER_COLUMNS, ['deployment_id', 'hostname']));
    this.#insertRejected = db.prepare(`
      INSERT INTO celery_rejected (deployment_id, received_at, routing_key, content_type, reason, body, body_size)
      VALUES (@deployment_id, @received_at, @routing_key, @content_type, @reason, @body, @body_size)`);
    this.#recentTasks = db.prepare('SELECT * FROM celery_tasks WHERE deployment_id = ? ORDER BY last_event_at DESC LIMIT ?');
    this.#workers = db.prepare('SELECT * FROM celery_workers WHERE deployment_id = ? ORDER BY hostname');
    this.#task = db.prepare(`SELECT * FROM celery_tasks WHERE id IN (${TASK_LOCATION}) AND uuid = ?`);
    this.#countsByState = db.prepare('SELECT state, count(*) AS n FROM celery_tasks WHERE deployment_id = ? GROUP BY state');
    this.#rejected = db.prepare('SELECT * FROM celery_rejected WHERE deployment_id = ? ORDER BY received_at DESC, id DESC LIMIT ?');
    this.#rejectedCount = db.prepare('SELECT count(*) AS n FROM celery_rejected WHERE deployment_id = ?');
    this.#removeWorkersBefore = db.prepare('DELETE FROM celery_workers WHERE deployment_id = ? AND last_event_at < ? AND offline_at IS NOT NULL');
    this.#installId = db.prepare("SELECT value FROM meta WHERE key = 'install_id'");
    this.#saveBatch = writeTransaction(db, (deploymentId: number, tasks: readonly TaskValues[], workers: readonly WorkerRecord[], rejected: readonly RejectedMessage[]) => {
      // One writer: the look-up and the write cannot race, so a task id stays unique per deployment.
      for (const values of tasks) {
        const key = values[TASK_VALUE_KEY] as number;
        const stored = this.#stored.mightContain(deploymentId, key) ? this.#taskId.get(deploymentId, key, values[TASK_VALUE_UUID] as string) : undefined;
        const { lastInsertRowid } = this.#upsertTask.run(stored ?? null, ...values);
        if (stored === undefined) {
          this.#keys.add(key, deploymentId, Number(lastInsertRowid));
          this.#stored.add(deploymentId, key);
        }
      }
      for (const worker of workers) this.#upsertWorker.run(workerRow(deploymentId, worker));
      for (const message of rejected) {
        this.#insertRejected.run({
          deployment_id: deploymentId,
          received_at: message.receivedAt,
          routing_key: message.routingKey,
          content_type: message.contentType,
          reason: message.reason,
          body: message.body.subarray(0, REJECTED_BODY_LIMIT),
          body_size: message.body.length,
        });
      }
      this.#keys.settle();
    });
  }

  /** This installation's random id (migration 003), for naming its queues on shared brokers. */
  installId(): string {
    const row = this.#installId.get();
    if (!row) throw new Error('the store has no install_id');
    return row.value;
  }

  /** Writes one batch atomically: after it returns, the messages behind it may be acked. */
  save(deploymentId: number, tasks: readonly TaskRecord[], workers: readonly WorkerRecord[], rejected: readonly RejectedMessage[]): void {
    this.saveValues(
      deploymentId,
      tasks.map((task) => taskValues(deploymentId, task)),
      workers,
      rejected,
    );
  }

  /** `save`, with the tasks already as their column values (as the store writer thread gets them). */
  saveValues(deploymentId: number, tasks: readonly TaskValues[], workers: readonly WorkerRecord[], rejected: readonly RejectedMessage[]): void {
    if (tasks.length + workers.length + rejected.length === 0) return;
    try {
      this.#saveBatch(deploymentId, tasks, workers, rejected);
    } catch (error) {
      this.#keys.recount();
      throw error;
    }
  }

  /** What to rehydrate live state from after a restart: the newest tasks and every worker. */
  loadRecent(deploymentId: number, maxTasks: number): { tasks: TaskRecord[]; workers: WorkerRecord[] } {
    return {
      tasks: this.#recentTasks.all(deploymentId, maxTasks).map(taskRecord).reverse(),
      workers: this.#workers.all(deploymentId).map(workerRecord),
    };
  }

  workers(deploymentId: number): WorkerRecord[] {
    return this.#workers.all(deploymentId).map(workerRecord);
  }

  task(deploymentId: number, uuid: string): TaskRecord | undefined {
    const row = this.#task.get(deploymentId, uuidKey(uuid), uuid);
    return row && taskRecord(row);
  }

  /** Newest first, keyset-paged, filtered and searched (celery-task-query.ts). */
  tasks(deploymentId: number, query: TaskQuery): TaskRecord[] {
    return this.#queries.tasks(deploymentId, query).map(taskRecord);
  }

  countsByState(deploymentId: number): Record<string, number> {
    return Object.fromEntries(this.#countsByState.all(deploymentId).map((row) => [row.state, row.n]));
  }

  rejected(deploymentId: number, limit: number): RejectedRow[] {
    return this.#rejected.all(deploymentId, limit);
  }

  rejectedCount(deploymentId: number): number {
    return this.#rejectedCount.get(deploymentId)?.n ?? 0;
  }

  /** Forgets offline workers not heard from since `before` (epoch ms). */
  purgeOfflineWorkers(deploymentId: number, before: number): number {
    return this.#removeWorkersBefore.run(deploymentId, before).changes;
  }
}
