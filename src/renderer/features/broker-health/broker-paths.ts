/** Where each broker view lives: /deployments/:id/queues[/<vhost>/<name>] and /deployments/:id/queues-alerts. */
export const brokerPaths = (deploymentId: number) => ({
  queues: `/deployments/${deploymentId}/queues`,
  queue: (vhost: string, name: string) => `/deployments/${deploymentId}/queues/q/${encodeURIComponent(vhost)}/${encodeURIComponent(name)}`,
  alerts: `/deployments/${deploymentId}/queues/alerts`,
  settings: `/deployments/${deploymentId}/queues/settings`,
});

export type BrokerView =
  | { kind: 'queues' }
  | { kind: 'queue'; vhost: string; name: string }
  | { kind: 'alerts' }
  | { kind: 'settings' }
  | { kind: 'unknown' };

/** The part of the path after "queues/". */
export function parseBrokerView(rest: string | undefined): BrokerView {
  if (!rest) return { kind: 'queues' };
  if (rest === 'alerts') return { kind: 'alerts' };
  if (rest === 'settings') return { kind: 'settings' };
  const match = /^q\/([^/]+)\/([^/]+)$/.exec(rest);
  if (match?.[1] && match[2]) {
    try {
      return { kind: 'queue', vhost: decodeURIComponent(match[1]), name: decodeURIComponent(match[2]) };
    } catch {
      return { kind: 'unknown' };
    }
  }
  return { kind: 'unknown' };
}

/** An alert's subject (`%2F/name`, as the engine writes it) as the queue it is about. */
export function queueOfSubject(subject: string): { vhost: string; name: string } | null {
  const slash = subject.indexOf('/');
  if (slash <= 0) return null;
  try {
    return { vhost: decodeURIComponent(subject.slice(0, slash)), name: subject.slice(slash + 1) };
  } catch {
    return null;
  }
}
