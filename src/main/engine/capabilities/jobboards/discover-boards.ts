import type { Client } from 'node-zookeeper-client';
import { isJobNode } from './job-node.ts';
import { children } from './zk-calls.ts';

/** TaskFlow's ZooKeeper persistence folders (logbooks), never boards. */
const NOT_BOARDS = new Set(['books', 'flow_details', 'atom_details', 'zookeeper']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_DEPTH = 4;
const MAX_VISITS = 500;

/** Whether a node with these children is a board, by what TaskFlow leaves in one. */
export function looksLikeBoard(kids: readonly string[]): boolean {
  // A board holds job nodes; a board TaskFlow just connected to is an empty node.
  return kids.length === 0 || kids.some(isJobNode);
}

const skipped = (name: string) => name.startsWith('.') || NOT_BOARDS.has(name) || UUID.test(name) || isJobNode(name);

/**
 * Boards under `root`, breadth first, a few levels deep: nodes holding job nodes, and empty
 * leaves (a board with no jobs yet). Folders TaskFlow keeps beside boards (.trash, .entities) and
 * its logbooks are skipped. The root itself is a board only when it holds jobs. A missing root is [].
 */
export async function discoverBoards(client: Client, root: string): Promise<string[]> {
  const boards: string[] = [];
  let level = [root];
  let visits = 0;
  for (let depth = 0; depth <= MAX_DEPTH && level.length > 0; depth++) {
    const next: string[] = [];
    for (const path of level) {
      if (++visits > MAX_VISITS) return boards.sort();
      const kids = await children(client, path);
      if (kids === null) continue;
      if (depth > 0 ? looksLikeBoard(kids) : kids.some(isJobNode)) {
        boards.push(path);
        continue;
      }
      for (const kid of kids) if (!skipped(kid)) next.push(`${path === '/' ? '' : path}/${kid}`);
    }
    level = next;
  }
  return boards.sort();
}
