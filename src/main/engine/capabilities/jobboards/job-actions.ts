import zookeeper, { type Client } from 'node-zookeeper-client';
import { DomainError } from '../../kernel/domain-error.ts';
import { lockNodeOf, parseLockOwner, trashPathOf } from './job-node.ts';
import { data } from './zk-calls.ts';

// Operator actions on an abandoned job, done as TaskFlow itself does them
// (impl_zookeeper.py abandon/trash) but on behalf of an owner whose conductor is gone.

export interface JobTarget {
  board: string;
  node: string;
  /** Conductors registered for the board now: a claim by one of them is not abandoned. */
  conductors: readonly string[];
}

const commit = (client: Client, build: (t: ReturnType<Client['transaction']>) => void): Promise<void> =>
  new Promise((resolve, reject) => {
    const transaction = client.transaction();
    build(transaction);
    transaction.commit((error) => (error ? reject(error) : resolve()));
  });

const mkdirp = (client: Client, path: string): Promise<void> =>
  new Promise((resolve, reject) => client.mkdirp(path, (error) => (error ? reject(error) : resolve())));

function changedMeanwhile(error: unknown, node: string): Error {
  const code = (error as { code?: number }).code;
  if (code === zookeeper.Exception.BAD_VERSION || code === zookeeper.Exception.NO_NODE || code === zookeeper.Exception.NODE_EXISTS) {
    return new DomainError('conflict', `${node} changed while Tach acted on it (claimed, consumed or trashed by someone else); nothing was done. Look again.`);
  }
  return new DomainError('unavailable', `ZooKeeper refused: ${(error as Error).message}`);
}

/** The lock's owner, and its version, refusing when a registered conductor holds it. */
async function abandonedLock(client: Client, target: JobTarget): Promise<{ owner: string | null; version: number } | null> {
  const lock = await data(client, `${target.board}/${lockNodeOf(target.node)}`);
  if (!lock) return null;
  const owner = parseLockOwner(lock.data);
  if (owner !== null && target.conductors.includes(owner)) {
    throw new DomainError('conflict', `${owner} is a registered conductor of this board: its claim is not abandoned, so Tach leaves it alone.`);
  }
  return { owner, version: lock.stat.version };
}

/** Deletes the lock of a claim whose conductor is gone, so another conductor can take the job. */
export async function releaseJob(client: Client, target: JobTarget): Promise<string> {
  const lock = await abandonedLock(client, target);
  if (!lock) throw new DomainError('conflict', `${target.node} is not claimed: there is nothing to release.`);
  try {
    await commit(client, (t) => t.remove(`${target.board}/${lockNodeOf(target.node)}`, lock.version));
  } catch (error) {
    throw changedMeanwhile(error, target.node);
  }
  return `Released ${target.node} (claimed by ${lock.owner ?? 'nobody'}); it is unclaimed again.`;
}

/** Moves a job to the board's trash in one transaction: trash node with its data, lock and job deleted. */
export async function trashJob(client: Client, target: JobTarget): Promise<string> {
  const jobPath = `${target.board}/${target.node}`;
  const job = await data(client, jobPath);
  if (!job) throw new DomainError('conflict', `${target.node} is no longer on the board.`);
  const lock = await abandonedLock(client, target);
  const trash = trashPathOf(target.board);
  await mkdirp(client, trash);
  try {
    await commit(client, (t) => {
      t.check(jobPath, job.stat.version);
      t.create(`${trash}/${target.node}`, job.data ?? Buffer.alloc(0), zookeeper.ACL.OPEN_ACL_UNSAFE, zookeeper.CreateMode.PERSISTENT);
      if (lock) t.remove(`${target.board}/${lockNodeOf(target.node)}`, lock.version);
      t.remove(jobPath, job.stat.version);
    });
  } catch (error) {
    throw changedMeanwhile(error, target.node);
  }
  return `Trashed ${target.node}: it is in ${trash} and no conductor will run it.`;
}
