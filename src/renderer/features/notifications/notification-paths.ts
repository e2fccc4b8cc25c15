// The notifications tab's views are in the URL: /deployments/:id/notifications/<view>[/<key>][?filters].

export type NotificationView =
  | { kind: 'events' }
  | { kind: 'event'; id: number }
  | { kind: 'instance'; uuid: string }
  | { kind: 'watch' }
  | { kind: 'timings' }
  | { kind: 'kpi' }
  | { kind: 'rejected' }
  | { kind: 'settings' };

export function notificationPaths(deploymentId: number) {
  const base = `/deployments/${deploymentId}/notifications`;
  return {
    events: (query = '') => `${base}/events${query ? `?${query}` : '?'}`,
    event: (id: number) => `${base}/events/${id}?`,
    instance: (uuid: string) => `${base}/instances/${encodeURIComponent(uuid)}?`,
    watch: `${base}/watch?`,
    timings: `${base}/timings?`,
    kpi: `${base}/kpi?`,
    rejected: `${base}/rejected?`,
    settings: `${base}/settings?`,
  };
}

/** `rest` is what follows 'notifications/' in the path. */
export function parseNotificationView(rest: string | undefined): NotificationView {
  const [first = '', second] = (rest ?? '').split('/');
  if (first === 'events' && second && /^\d+$/.test(second)) return { kind: 'event', id: Number(second) };
  if (first === 'instances' && second) return { kind: 'instance', uuid: decodeURIComponent(second) };
  if (first === 'watch' || first === 'timings' || first === 'kpi' || first === 'rejected' || first === 'settings') return { kind: first };
  return { kind: 'events' };
}
