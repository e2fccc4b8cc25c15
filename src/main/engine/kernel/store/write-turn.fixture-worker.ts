// For write-turn.test.ts: the store writer's side of the turn, in a thread of its own.
//  - 'busy': commits back to back, with no gap on its event loop (the harshest case for the
//    engine's writes), counting each commit in `progress[COMMITTED]`, until `progress[STOP]` is set.
//  - 'held': one transaction that stays open until the engine announces a write, then a second
//    one that records whether the engine's write had already run (the order the turn promises).
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabaseConnection, writeTransaction } from './database.ts';
import { WriteTurn } from './write-turn.ts';

/** Slots of `progress`, shared with the test. */
export const COMMITTED = 0;
export const STOP = 1;
export const IN_FIRST = 2;
export const FIRST_ENDED = 3;
export const ENGINE_WROTE = 4;
export const SECOND_SAW_ENGINE = 5;
export const AT_SECOND = 6;
export const SLOTS = 7;
/** The turn's own slot where the engine announces a write (see write-turn.ts). */
const ENGINE_WANTS = 0;

interface Data {
  mode: 'busy' | 'held';
  dataDir: string;
  turn?: SharedArrayBuffer;
  progress: SharedArrayBuffer;
}

// Imported by the test for the slot numbers too: only a thread started with our data runs.
const data = workerData as Partial<Data> | null;
if (parentPort && data?.progress) {
  const { mode, dataDir, turn, progress } = data as Data;
  const slots = new Int32Array(progress);
  if (mode === 'busy') {
    const db = openDatabaseConnection(dataDir, turn ? { writeTurn: new WriteTurn(turn) } : {});
    const insert = db.prepare<[number]>('INSERT INTO busy_rows (n) VALUES (?)');
    const batch = writeTransaction(db, (from: number) => {
      for (let i = 0; i < 2000; i++) insert.run(from + i);
    });
    let batches = 0;
    while (Atomics.load(slots, STOP) === 0) {
      batch(batches++ * 2000);
      Atomics.add(slots, COMMITTED, 1);
      Atomics.notify(slots, COMMITTED);
    }
    db.close();
    parentPort.postMessage({ batches });
  } else {
    const writer = new WriteTurn(turn);
    const turnSlots = new Int32Array(writer.buffer);
    writer.hold(() => {
      Atomics.store(slots, IN_FIRST, 1);
      Atomics.notify(slots, IN_FIRST);
      // take() announces without a notify (the writer reads the slot before each transaction): poll it.
      while (Atomics.load(turnSlots, ENGINE_WANTS) === 0) Atomics.wait(turnSlots, ENGINE_WANTS, 0, 1);
      Atomics.store(slots, FIRST_ENDED, 1);
    });
    Atomics.store(slots, AT_SECOND, 1);
    Atomics.notify(slots, AT_SECOND);
    writer.hold(() => Atomics.store(slots, SECOND_SAW_ENGINE, Atomics.load(slots, ENGINE_WROTE)));
    parentPort.postMessage({ batches: 2 });
  }
}
