// Where each Celery view lives in the URL, so a reload (or a link pasted to a colleague) lands
// on the same place. Paths are under /deployments/:id; the tasks filters are the query string.

export type CeleryView =
  | { kind: 'workers' }
  | { kind: 'worker'; hostname: string }
  | { kind: 'tasks' }
  | { kind: 'task'; uuid: string }
  | { kind: 'rejected' }
  | { kind: 'charts' }
  | { kind: 'snapshots' }
  | { kind: 'unknown' };

const decode = (segment: string): string | undefined => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
};

/** `rest` is what follows /deployments/:id/celery (without the leading slash), or undefined. */
export function parseCeleryView(rest: string | undefined): CeleryView {
  const parts = (rest ?? '').split('/').filter((part) => part !== '');
  const [section, item, ...extra] = parts;
  if (extra.length > 0) return { kind: 'unknown' };
  if (section === undefined) return { kind: 'workers' };
  const value = item === undefined ? undefined : decode(item);
  if (section === 'workers') return item === undefined ? { kind: 'workers' } : value ? { kind: 'worker', hostname: value } : { kind: 'unknown' };
  if (section === 'tasks') return item === undefined ? { kind: 'tasks' } : value ? { kind: 'task', uuid: value } : { kind: 'unknown' };
  if (section === 'rejected' && item === undefined) return { kind: 'rejected' };
  if (section === 'charts' && item === undefined) return { kind: 'charts' };
  if (section === 'snapshots' && item === undefined) return { kind: 'snapshots' };
  return { kind: 'unknown' };
}

// A trailing '?' clears a query string left by another view: with hash routing the query sits
// outside the hash, and a navigation without one would keep the old filters.
export const celeryPaths = (deploymentId: number) => {
  const base = `/deployments/${deploymentId}/celery`;
  return {
    base,
    workers: `${base}?`,
    worker: (hostname: string) => `${base}/workers/${encodeURIComponent(hostname)}?`,
    tasks: (search = '') => `${base}/tasks?${search}`,
    /** Keeps the current query: the task page links back to the list as it was filtered. */
    task: (uuid: string) => `${base}/tasks/${encodeURIComponent(uuid)}`,
    rejected: `${base}/rejected?`,
    /** The time window is the query string (`window=6h`), so a reload keeps it. */
    charts: (search = '') => `${base}/charts?${search}`,
    snapshots: `${base}/snapshots?`,
  };
};
