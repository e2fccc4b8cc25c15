import type { Database, Statement } from 'better-sqlite3';
import type { TaskRow } from './celery-rows.ts';
import { TASK_LOCATION } from '../../../kernel/store/key-levels.ts';
import { uuidKey } from '../../../kernel/store/uuid-key.ts';

export interface TaskQuery {
  state?: string;
  name?: string;
  worker?: string;
  /** Epoch ms bounds on the task's latest event. */
  since?: number;
  until?: number;
  /** Substring of the name, args, kwargs, result or exception, or the exact task id. */
  search?: string;
  /** Keyset cursor: tasks strictly older than this one. */
  before?: { lastEventAt: number; uuid: string };
  limit: number;
}

/** A search first scans this many of the newest matching-by-filter tasks before using the index. */
export const SEARCH_SCAN_WINDOW = 20_000;

/** The trigram tokenizer indexes sequences of three characters: shorter terms can only be scanned. */
const MIN_INDEXED_TERM = 3;

const TEXT_MATCH = '(instr(t.name, ?) OR instr(t.args, ?) OR instr(t.kwargs, ?) OR instr(t.result, ?) OR instr(t.exception, ?))';
const ORDER = 'ORDER BY t.last_event_at DESC, t.uuid DESC';

/**
 * The tasks table's queries: newest first, keyset-paged, each filter combination prepared once.
 *
 * A text search must return the newest `limit` matches whether the term is everywhere or almost
 * nowhere. Scanning finds a common term at once but reads every task to miss a rare one (1.4 s at
 * 1M tasks); the trigram index finds a rare term at once but makes a common one a sort of
 * everything it matches. So: scan the newest SEARCH_SCAN_WINDOW tasks first, and if that fills the
 * page it is the answer (every match outside the window is older than every row in it); otherwise
 * the index answers for the rows it holds, a scan for the rows it has not reached yet, and a
 * look-up for an exact task id, merged.
 */
export class CeleryTaskQueries {
  readonly #db: Database;
  readonly #prepared = new Map<string, Statement<unknown[], TaskRow>>();
  readonly #scanWindow: number;

  constructor(db: Database, scanWindow = SEARCH_SCAN_WINDOW) {
    this.#db = db;
    this.#scanWindow = scanWindow;
  }

  tasks(deploymentId: number, query: TaskQuery): TaskRow[] {
    const { where, params } = filters(deploymentId, query);
    const term = query.search ?? '';
    if (term === '') return this.#all(`SELECT t.* FROM celery_tasks t WHERE ${where} ${ORDER} LIMIT ?`, [...params, query.limit]);
    const terms = [term, term, term, term, term];
    if (term.length < MIN_INDEXED_TERM) {
      return this.#all(`SELECT t.* FROM celery_tasks t WHERE ${where} AND ${TEXT_MATCH} ${ORDER} LIMIT ?`, [...params, ...terms, query.limit]);
    }
    const recent = this.#all(
      `SELECT * FROM (SELECT t.* FROM celery_tasks t WHERE ${where} ${ORDER} LIMIT ${this.#scanWindow}) t WHERE ${TEXT_MATCH} ${ORDER} LIMIT ?`,
      [...params, ...terms, query.limit],
    );
    if (recent.length >= query.limit) return recent;
    // An entry is trusted only while its row is marked indexed: a rewritten row's entry is stale.
    const indexed = this.#all(
      `SELECT t.* FROM celery_task_search s JOIN celery_tasks t ON t.id = s.rowid WHERE celery_task_search MATCH ? AND t.searchable = 1 AND ${where} ${ORDER} LIMIT ?`,
      [phrase(term), ...params, query.limit],
    );
    const notYetIndexed = this.#all(
      `SELECT t.* FROM celery_tasks t INDEXED BY celery_tasks_unsearchable WHERE t.searchable = 0 AND ${where} AND ${TEXT_MATCH} ${ORDER} LIMIT ?`,
      [...params, ...terms, query.limit],
    );
    const byId = this.#all(`SELECT t.* FROM celery_tasks t WHERE t.id IN (${TASK_LOCATION}) AND t.uuid = ? AND ${where}`, [
      deploymentId,
      uuidKey(term),
      term,
      ...params,
    ]);
    return newestUnique([...recent, ...indexed, ...notYetIndexed, ...byId], query.limit);
  }

  #all(sql: string, params: unknown[]): TaskRow[] {
    let statement = this.#prepared.get(sql);
    if (!statement) {
      statement = this.#db.prepare<unknown[], TaskRow>(sql);
      this.#prepared.set(sql, statement);
    }
    return statement.all(...params);
  }
}

function filters(deploymentId: number, query: TaskQuery): { where: string; params: unknown[] } {
  const where = ['t.deployment_id = ?'];
  const params: unknown[] = [deploymentId];
  const filter = (clause: string, value: unknown) => {
    if (value === undefined) return;
    where.push(clause);
    params.push(value);
  };
  filter('t.state = ?', query.state);
  filter('t.name = ?', query.name);
  filter('t.worker = ?', query.worker);
  filter('t.last_event_at >= ?', query.since);
  filter('t.last_event_at <= ?', query.until);
  if (query.before !== undefined) {
    where.push('(t.last_event_at, t.uuid) < (?, ?)');
    params.push(query.before.lastEventAt, query.before.uuid);
  }
  return { where: where.join(' AND '), params };
}

/** An FTS5 phrase: the term as one quoted string, so its characters are matched, not parsed. */
function phrase(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}

function newestUnique(rows: TaskRow[], limit: number): TaskRow[] {
  const seen = new Set<string>();
  const unique = rows.filter((row) => !seen.has(row.uuid) && seen.add(row.uuid));
  unique.sort((a, b) => b.last_event_at - a.last_event_at || (a.uuid < b.uuid ? 1 : a.uuid > b.uuid ? -1 : 0));
  return unique.slice(0, limit);
}
