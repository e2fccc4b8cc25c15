// For write-turn.test.ts: a writer thread committing back to back, with no gap on its event loop
// (the harshest case for the engine's writes), for `ms` milliseconds.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabaseConnection, writeTransaction } from './database.ts';
import { WriteTurn } from './write-turn.ts';

const { dataDir, turn, ms } = workerData as { dataDir: string; turn?: SharedArrayBuffer; ms: number };
const db = openDatabaseConnection(dataDir, turn ? { writeTurn: new WriteTurn(turn) } : {});
const insert = db.prepare<[number]>('INSERT INTO busy_rows (n) VALUES (?)');
const batch = writeTransaction(db, (from: number) => {
  for (let i = 0; i < 2000; i++) insert.run(from + i);
});
parentPort?.postMessage('started');
const end = performance.now() + ms;
let batches = 0;
while (performance.now() < end) batch(batches++ * 2000);
db.close();
parentPort?.postMessage({ batches });
