import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeTransaction } from './database.ts';
import { openDatabase } from '../../store.ts';
import { AT_SECOND, COMMITTED, ENGINE_WROTE, FIRST_ENDED, IN_FIRST, SECOND_SAW_ENGINE, SLOTS, STOP } from './write-turn.fixture-worker.ts';
import { WriteTurn } from './write-turn.ts';

// Every wait here is on something the writer thread publishes (a commit counted, a transaction
// entered), never on time: the turn promises an order, and the order is what is checked.

interface Writer {
  progress: Int32Array;
  /** Resolves once the writer has committed at least `count` transactions. */
  committed(count: number): Promise<void>;
  /** Resolves once the writer has set `slot`. */
  reached(slot: number): Promise<void>;
  /** Tells a busy writer to stop; resolves with how many transactions it committed. */
  stop(): Promise<number>;
}

async function startWriter(mode: 'busy' | 'held', dataDir: string, turn: WriteTurn | undefined): Promise<Writer> {
  const progress = new Int32Array(new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT));
  const worker = new Worker(new URL('./write-turn.fixture-worker.ts', import.meta.url), {
    workerData: { mode, dataDir, turn: turn?.buffer, progress: progress.buffer },
  });
  const done = new Promise<number>((resolve, reject) => {
    worker.once('message', (message: { batches: number }) => resolve(message.batches));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`writer thread exited (${code}) before reporting`)));
  });
  done.catch(() => {});
  let finished = false;
  void done.finally(() => (finished = true)).catch(() => {});
  // Polls the shared slot (the test's own thread must stay free to take its turns).
  const waitFor = async (slot: number, atLeast: number): Promise<void> => {
    while (Atomics.load(progress, slot) < atLeast) {
      if (finished) throw new Error(`writer thread finished before slot ${slot} reached ${atLeast}`);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  };
  return {
    progress,
    committed: (count) => waitFor(COMMITTED, count),
    reached: (slot) => waitFor(slot, 1),
    stop: () => {
      Atomics.store(progress, STOP, 1);
      return done;
    },
  };
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
    // Short: a starved engine write fails fast instead of waiting five seconds for the lock.
    db.pragma('busy_timeout = 300');
    return db;
  };

  // The order the turn promises, with nothing left to chance: the writer's first transaction stays
  // open until the engine announces its write, so the engine's write can only run after it ended.
  it("runs the engine's write after the writer's open transaction, and before the writer's next one", async () => {
    const turn = new WriteTurn();
    const writer = await startWriter('held', dir, turn);
    await writer.reached(IN_FIRST);
    const firstEndedWhenEngineWrote = turn.take(() => {
      // Writes only once the writer is about to begin its next transaction, which must wait for this.
      // (A deadline, not a pause: a broken turn must fail the test, not hang the thread for ever.)
      Atomics.wait(writer.progress, AT_SECOND, 0, 30_000);
      Atomics.store(writer.progress, ENGINE_WROTE, 1);
      return Atomics.load(writer.progress, FIRST_ENDED);
    });
    expect(await writer.stop()).toBe(2);
    expect(firstEndedWhenEngineWrote).toBe(1);
    expect(Atomics.load(writer.progress, SECOND_SAW_ENGINE)).toBe(1);
  });

  // The failure the turn exists for: SQLite's busy handler sleeps between polls and almost never
  // finds the lock free between two transactions of a writer committing back to back.
  it('lets every engine write through a writer committing back to back, and the writer commits again after each', async () => {
    const turn = new WriteTurn();
    const db = prepare(turn);
    try {
      const writer = await startWriter('busy', dir, turn);
      await writer.committed(1);
      const note = db.prepare<[string]>('INSERT INTO notes (text) VALUES (?)');
      const pair = writeTransaction(db, (text: string) => {
        note.run(`${text} a`);
        note.run(`${text} b`);
      });
      const failures: string[] = [];
      for (let i = 0; i < 12; i++) {
        const before = Atomics.load(writer.progress, COMMITTED);
        try {
          if (i % 2 === 0) note.run(`single ${i}`);
          else pair(`pair ${i}`);
        } catch (error) {
          failures.push((error as Error).message);
        }
        // The transaction in flight when the engine wrote, then one begun after: the writer goes on.
        await writer.committed(before + 2);
      }
      const batches = await writer.stop();
      expect(failures).toEqual([]);
      expect(db.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(18);
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
