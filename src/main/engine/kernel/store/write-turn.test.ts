import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeTransaction } from './database.ts';
import { openDatabase } from '../../store.ts';
import { WriteTurn } from './write-turn.ts';

/** Starts a writer committing back to back; resolves once it holds the lock in a loop. */
async function busyWriter(dataDir: string, turn: WriteTurn | undefined, ms: number): Promise<{ done: Promise<number> }> {
  const worker = new Worker(new URL('./write-turn.fixture-worker.ts', import.meta.url), { workerData: { dataDir, turn: turn?.buffer, ms } });
  const done = new Promise<number>((resolve, reject) => {
    worker.on('message', (message: unknown) => {
      if (typeof message === 'object' && message !== null) resolve((message as { batches: number }).batches);
    });
    worker.on('error', reject);
  });
  await new Promise<void>((resolve) => worker.once('message', () => resolve()));
  await sleep(50);
  return { done };
}

/** Engine-side writes while the writer is busy: a statement on its own, and a transaction. */
async function engineWrites(db: Database, count: number): Promise<string[]> {
  const note = db.prepare<[string]>('INSERT INTO notes (text) VALUES (?)');
  const pair = writeTransaction(db, (text: string) => {
    note.run(`${text} a`);
    note.run(`${text} b`);
  });
  const failures: string[] = [];
  for (let i = 0; i < count; i++) {
    try {
      if (i % 2 === 0) note.run(`single ${i}`);
      else pair(`pair ${i}`);
    } catch (error) {
      failures.push((error as Error).message);
    }
    await sleep(20);
  }
  return failures;
}

describe('WriteTurn', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tach-turn-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const prepare = (turn?: WriteTurn) => {
    const db = openDatabase(dir, turn ? { writeTurn: turn } : {});
    db.exec('CREATE TABLE busy_rows (n INTEGER NOT NULL); CREATE TABLE notes (text TEXT NOT NULL)');
    // Short, so the starved case fails fast; the turn never needs more than one writer transaction.
    db.pragma('busy_timeout = 300');
    return db;
  };

  // The failure the turn exists for: SQLite's busy handler sleeps between polls and almost never
  // finds the lock free between two of the writer's transactions.
  it('without a turn, an engine write is starved by a writer committing back to back', async () => {
    const db = prepare();
    try {
      const writer = await busyWriter(dir, undefined, 1_500);
      const failures = await engineWrites(db, 3);
      await writer.done;
      expect(failures.length).toBeGreaterThan(0);
      expect(failures[0]).toContain('database is locked');
    } finally {
      db.close();
    }
  });

  it('with a turn, every engine write goes through within one writer transaction, and the writer goes on', async () => {
    const turn = new WriteTurn();
    const db = prepare(turn);
    try {
      const writer = await busyWriter(dir, turn, 1_500);
      const failures = await engineWrites(db, 12);
      const batches = await writer.done;
      expect(failures).toEqual([]);
      expect(db.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(18);
      expect(batches).toBeGreaterThan(12);
      expect(db.prepare('SELECT count(*) FROM busy_rows').pluck().get()).toBe(batches * 2000);
    } finally {
      db.close();
    }
  });

  it('does not keep the engine waiting on a writer that died inside a transaction', () => {
    const turn = new WriteTurn();
    // As a thread that exits mid-transaction leaves the slot: marked writing, never unmarked.
    new Int32Array(turn.buffer)[1] = 1;
    turn.writerGone();
    // Were the mark left, this would wait out its minute and the test its timeout.
    expect(turn.take(() => 'written', 60_000)).toBe('written');
  });

  it('runs either side directly when the other is not writing', () => {
    const turn = new WriteTurn();
    expect(turn.hold(() => 'written')).toBe('written');
    expect(turn.take(() => 'taken')).toBe('taken');
  });
});
