export interface Ensemble {
  servers: { host: string; port: number }[];
  /** The chroot suffix ("/taskflow") or "" when none. */
  chroot: string;
}

/** Parses a ZooKeeper connection string: "h1:2181,h2[:port][/chroot]"; the port defaults to 2181. */
export function parseEnsemble(hosts: string): Ensemble {
  const slash = hosts.indexOf('/');
  const list = slash < 0 ? hosts : hosts.slice(0, slash);
  const chroot = slash < 0 ? '' : hosts.slice(slash).replace(/\/+$/, '');
  const servers = list
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [host = '', port] = entry.split(':');
      return { host, port: port ? Number(port) : 2181 };
    });
  return { servers, chroot };
}
