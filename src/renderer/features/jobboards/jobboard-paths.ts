// Where each job board view lives under a deployment. A board's path is a znode path with
// slashes, so it travels as one encoded segment.

export type JobboardView = { kind: 'overview' } | { kind: 'board'; path: string } | { kind: 'job'; path: string; node: string } | { kind: 'unknown' };

export const jobboardPaths = (deploymentId: number) => {
  const base = `/deployments/${deploymentId}/jobboards`;
  return {
    overview: base,
    board: (path: string) => `${base}/board/${encodeURIComponent(path)}`,
    job: (path: string, node: string) => `${base}/job/${encodeURIComponent(path)}/${encodeURIComponent(node)}`,
  };
};

const decode = (segment: string | undefined): string | undefined => {
  if (segment === undefined || segment === '') return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
};

/** The view of what follows /deployments/:id/jobboards/ ('' is the overview). */
export function parseJobboardView(rest: string | undefined): JobboardView {
  const [kind, first, second, ...extra] = (rest ?? '').split('?')[0]?.split('/').filter(Boolean) ?? [];
  if (kind === undefined) return { kind: 'overview' };
  const path = decode(first);
  if (kind === 'board' && path?.startsWith('/') && second === undefined) return { kind: 'board', path };
  const node = decode(second);
  if (kind === 'job' && path?.startsWith('/') && node && extra.length === 0) return { kind: 'job', path, node };
  return { kind: 'unknown' };
}
