import zookeeper, { type Client, type Stat, type Watcher } from 'node-zookeeper-client';

// Promises over node-zookeeper-client's callbacks. A missing node is an answer (null), not an
// error: boards come and go, and jobs vanish between listing them and reading them.

const isNoNode = (error: unknown) => (error as { code?: number } | null)?.code === zookeeper.Exception.NO_NODE;

export function children(client: Client, path: string, watcher?: Watcher): Promise<string[] | null> {
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, list: string[]) => {
      if (error) return isNoNode(error) ? resolve(null) : reject(error);
      resolve(list);
    };
    if (watcher) client.getChildren(path, watcher, done);
    else client.getChildren(path, done);
  });
}

export function data(client: Client, path: string): Promise<{ data: Buffer | undefined; stat: Stat } | null> {
  return new Promise((resolve, reject) => {
    client.getData(path, (error, bytes, stat) => {
      if (error) return isNoNode(error) ? resolve(null) : reject(error);
      resolve({ data: bytes, stat });
    });
  });
}

/** Watches a path that does not exist yet; resolves whether it exists now. */
export function exists(client: Client, path: string, watcher: Watcher): Promise<boolean> {
  return new Promise((resolve, reject) => {
    client.exists(path, watcher, (error, stat) => (error ? reject(error) : resolve(stat !== null)));
  });
}
