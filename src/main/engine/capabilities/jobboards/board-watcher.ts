import type { Client } from 'node-zookeeper-client';
import type { Conductor } from '../../../../shared/domain/jobboards.ts';
import type { Logger } from '../../kernel/logging/logger.ts';
import type { BoardRead } from './board-diff.ts';
import { conductorsPathOf, isJobNode, isLockNode, jobNodeOfLock, parseConductor, parseJobNode, parseLockOwner, statMillis, trashPathOf, type ParsedJob } from './job-node.ts';
import { children, data, exists } from './zk-calls.ts';

/** A read that failed (connection lost mid-way) is tried again this much later. */
const RETRY_MS = 2000;

export interface BoardReading {
  read: BoardRead;
  conductors: Conductor[];
  /** A sentence when the board cannot be read (missing path, lost connection); the read is then empty. */
  error: string | null;
}

/**
 * Keeps one board read. ZooKeeper watches fire once: every read sets them again (children of
 * the board, its trash and its conductors, or an exists watch on a path not there yet), and a
 * trigger during a read makes one more read after it. Job data never changes once posted, so
 * it is read once per node; locks are read every time (a claim can be dropped and retaken
 * between two triggers).
 */
export class BoardWatcher {
  readonly path: string;
  readonly #onReading: (reading: BoardReading) => void;
  readonly #log: Logger;
  readonly #jobs = new Map<string, ParsedJob & { postedAt: number }>();
  readonly #trash = new Map<string, string | null>();
  readonly #conductors = new Map<string, Conductor>();
  #client: Client | undefined;
  #reading = false;
  #again = false;
  #retry: NodeJS.Timeout | undefined;
  readonly #watch = () => this.#request();

  constructor(path: string, onReading: (reading: BoardReading) => void, log: Logger) {
    this.path = path;
    this.#onReading = onReading;
    this.#log = log;
  }

  /** A connected session (new or resumed): read the whole board again. */
  attach(client: Client): void {
    this.#client = client;
    this.#request();
  }

  detach(): void {
    this.#client = undefined;
    clearTimeout(this.#retry);
  }

  #request(): void {
    if (!this.#client) return;
    if (this.#reading) {
      this.#again = true;
      return;
    }
    this.#reading = true;
    void this.#readLoop();
  }

  async #readLoop(): Promise<void> {
    try {
      do {
        this.#again = false;
        const client = this.#client;
        if (!client) return;
        try {
          this.#onReading(await this.#read(client));
        } catch (error) {
          if (client !== this.#client) return;
          this.#log.warn('job board read failed', { board: this.path, err: error });
          this.#onReading({ read: { jobs: new Map(this.#jobs), locks: new Map(), trash: new Map(this.#trash) }, conductors: [...this.#conductors.values()], error: `Reading ${this.path} failed: ${(error as Error).message}; trying again.` });
          clearTimeout(this.#retry);
          this.#retry = setTimeout(() => this.#request(), RETRY_MS);
          this.#retry.unref?.();
          return;
        }
      } while (this.#again);
    } finally {
      this.#reading = false;
    }
  }

  async #read(client: Client): Promise<BoardReading> {
    const kids = await children(client, this.path, this.#watch);
    if (kids === null) {
      // Told when it appears; until then the board is a clear error, not an empty board.
      if (await exists(client, this.path, this.#watch)) this.#again = true;
      this.#jobs.clear();
      return { read: { jobs: new Map(), locks: new Map(), trash: new Map() }, conductors: [], error: `The board path ${this.path} does not exist in ZooKeeper.` };
    }
    const jobNodes = kids.filter(isJobNode);
    for (const node of [...this.#jobs.keys()]) if (!jobNodes.includes(node)) this.#jobs.delete(node);
    await Promise.all(
      jobNodes
        .filter((node) => !this.#jobs.has(node))
        .map(async (node) => {
          const got = await data(client, `${this.path}/${node}`);
          if (!got) return; // consumed between the listing and the read
          const ctime = statMillis(got.stat.ctime);
          const parsed = parseJobNode(node, got.data, { ctime, mtime: statMillis(got.stat.mtime) });
          this.#jobs.set(node, { ...parsed, postedAt: ctime ?? Date.now() });
        }),
    );
    const locks = new Map<string, { owner: string | null; at: number }>();
    await Promise.all(
      kids.filter(isLockNode).map(async (lock) => {
        const got = await data(client, `${this.path}/${lock}`);
        if (got) locks.set(jobNodeOfLock(lock), { owner: parseLockOwner(got.data), at: statMillis(got.stat.ctime) ?? Date.now() });
      }),
    );
    await this.#readTrash(client);
    await this.#readConductors(client);
    return { read: { jobs: new Map(this.#jobs), locks, trash: new Map(this.#trash) }, conductors: [...this.#conductors.values()], error: null };
  }

  async #readTrash(client: Client): Promise<void> {
    const path = trashPathOf(this.path);
    const kids = await children(client, path, this.#watch);
    if (kids === null) {
      this.#trash.clear();
      if (await exists(client, path, this.#watch)) this.#again = true;
      return;
    }
    for (const node of [...this.#trash.keys()]) if (!kids.includes(node)) this.#trash.delete(node);
    await Promise.all(
      kids
        .filter((node) => !this.#trash.has(node))
        .map(async (node) => {
          const got = await data(client, `${path}/${node}`);
          if (got) this.#trash.set(node, parseJobNode(node, got.data, { ctime: null, mtime: null }).uuid);
        }),
    );
  }

  async #readConductors(client: Client): Promise<void> {
    const path = conductorsPathOf(this.path);
    const kids = await children(client, path, this.#watch);
    if (kids === null) {
      this.#conductors.clear();
      if (await exists(client, path, this.#watch)) this.#again = true;
      return;
    }
    for (const name of [...this.#conductors.keys()]) if (!kids.includes(name)) this.#conductors.delete(name);
    await Promise.all(
      kids
        .filter((name) => !this.#conductors.has(name))
        .map(async (name) => {
          const got = await data(client, `${path}/${name}`);
          if (got) this.#conductors.set(name, parseConductor(name, got.data));
        }),
    );
  }
}
