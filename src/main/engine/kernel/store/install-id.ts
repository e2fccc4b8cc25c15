import type { Database } from 'better-sqlite3';

/**
 * This installation's id, made once when the store was created (migration 003 keeps it in
 * `meta`): queue names carry it, so two consoles watching one broker never share a queue.
 */
export function readInstallId(db: Database): string {
  const row = db.prepare("SELECT value FROM meta WHERE key = 'install_id'").get() as { value: string } | undefined;
  if (!row) throw new Error('the store has no install_id');
  return row.value;
}
