import { describe, expect, it } from 'vitest';
import { notificationPaths, parseNotificationView } from './notification-paths.ts';

describe('notification paths', () => {
  it('round-trips every view through the URL', () => {
    const paths = notificationPaths(3);
    const rest = (path: string) => path.split('?')[0]!.replace('/deployments/3/notifications/', '');
    expect(parseNotificationView(rest(paths.event(42)))).toEqual({ kind: 'event', id: 42 });
    expect(parseNotificationView(rest(paths.instance('3f25-aa')))).toEqual({ kind: 'instance', uuid: '3f25-aa' });
    expect(parseNotificationView(rest(paths.kpi))).toEqual({ kind: 'kpi' });
    expect(parseNotificationView(undefined)).toEqual({ kind: 'events' });
    expect(parseNotificationView('nonsense')).toEqual({ kind: 'events' });
  });
});
