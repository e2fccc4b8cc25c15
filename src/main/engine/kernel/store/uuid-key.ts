import type { Database } from 'better-sqlite3';

/**
 * A 53-bit hash of a task id, stored beside it and indexed instead of the id itself. Celery task
 * ids are random (uuid4), so every new task lands on a random page of any index on them; an index
 * of 53-bit integers is a third of the size of one of 36-character texts, so far fewer pages are
 * rewritten per commit. Lookups compare the id too: a collision costs nothing but a second row read.
 *
 * Two 32-bit multiplicative hashes (FNV-1a and a murmur-style mix) over UTF-16 code units; a JS
 * number, not a BigInt, so it binds to SQLite as an exact integer and costs no allocation.
 */
export function uuidKey(uuid: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x5bd1e995;
  for (let i = 0; i < uuid.length; i += 1) {
    const c = uuid.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return (h1 >>> 11) * 0x1_0000_0000 + (h2 >>> 0);
}

/** SQL functions every connection has, so migrations can compute what the code computes. */
export function registerStoreFunctions(db: Database): void {
  db.function('tach_uuid_key', { deterministic: true }, (uuid: unknown) => (typeof uuid === 'string' ? uuidKey(uuid) : null));
}
