import { fail, ok, type Result } from '../../../src/shared/contract/result.ts';
import type { NotificationEventsQuery } from '../../../src/shared/contract/notification-schemas.ts';
import type {
  InstanceLifecycle,
  NotificationEvent,
  NotificationEventDetail,
  NotificationsOverview,
  RejectedNotification,
  RequestKpi,
  Timing,
  TimingSummary,
} from '../../../src/shared/domain/notifications.ts';

/** Notification data a component test puts behind the fake Api. */
export interface FakeNotificationData {
  overview?: Partial<NotificationsOverview>;
  events: NotificationEventDetail[];
  timings?: Timing[];
  summary?: TimingSummary[];
  kpi?: RequestKpi[];
  rejected?: RejectedNotification[];
}

const summaryOf = ({ deploymentId: _d, queue: _q, receivedAt: _r, state: _s, oldState: _o, taskState: _t, oldTaskState: _ot, format: _f, raw: _raw, ...event }: NotificationEventDetail): NotificationEvent => event;

/** The notifications.* channels of the fake, answering from seeded data with the engine's filters and paging. */
export function fakeNotifications(data: Map<number, FakeNotificationData>) {
  const of = (deploymentId: number): FakeNotificationData => data.get(deploymentId) ?? { events: [] };
  return {
    'notifications.overview': ({ deploymentId }: { deploymentId: number }): Result<NotificationsOverview> =>
      ok({
        enabled: true,
        health: 'consuming',
        detail: 'Consuming monitor.info, monitor.error from nova.',
        lastMessageAt: null,
        rate: 0,
        storedTotal: of(deploymentId).events.length,
        indexingTotal: 0,
        rejectedTotal: of(deploymentId).rejected?.length ?? 0,
        errorsTotal: of(deploymentId).events.filter((e) => e.isError).length,
        queues: [],
        ...of(deploymentId).overview,
      }),
    'notifications.events': (query: NotificationEventsQuery): Result<{ events: NotificationEvent[]; next: string | null }> => {
      const limit = query.limit ?? 100;
      const matches = of(query.deploymentId)
        .events.filter(
          (e) =>
            (query.eventType === undefined || e.eventType === query.eventType) &&
            (query.instance === undefined || e.instance === query.instance) &&
            (query.requestId === undefined || e.requestId === query.requestId) &&
            (query.tenant === undefined || e.tenant === query.tenant) &&
            (query.host === undefined || e.host === query.host) &&
            (query.service === undefined || e.service === query.service) &&
            (query.priority === undefined || e.priority === query.priority) &&
            (!query.errorsOnly || e.isError),
        )
        .sort((a, b) => b.when.localeCompare(a.when) || b.id - a.id);
      const start = query.before ? matches.findIndex((e) => `${e.id}` === query.before?.split(':')[1]) + 1 : 0;
      const page = matches.slice(start, start + limit);
      return ok({ events: page.map(summaryOf), next: page.length === limit ? `0:${page.at(-1)?.id}` : null });
    },
    'notifications.event': ({ id }: { id: number }): Result<NotificationEventDetail> => {
      for (const seeded of data.values()) {
        const found = seeded.events.find((e) => e.id === id);
        if (found) return ok(found);
      }
      return fail('not_found', `Event ${id} does not exist (retention may have removed it).`);
    },
    'notifications.instance': ({ deploymentId, uuid }: { deploymentId: number; uuid: string }): Result<InstanceLifecycle> => {
      const events = of(deploymentId).events.filter((e) => e.instance === uuid).sort((a, b) => a.when.localeCompare(b.when));
      const last = events.at(-1);
      if (!last) return fail('not_found', `No notification about instance ${uuid} has been stored for this deployment.`);
      return ok({
        instance: uuid,
        state: last.state,
        taskState: last.taskState,
        lastEventType: last.eventType,
        lastEventAt: last.when,
        events: events.map(summaryOf),
        timings: (of(deploymentId).timings ?? []).filter((t) => t.instance === uuid),
      });
    },
    'notifications.timings': ({ deploymentId, name }: { deploymentId: number; name?: string }): Result<Timing[]> =>
      ok((of(deploymentId).timings ?? []).filter((t) => name === undefined || t.name === name)),
    'notifications.timingSummary': ({ deploymentId }: { deploymentId: number }): Result<TimingSummary[]> => ok(of(deploymentId).summary ?? []),
    'notifications.kpi': ({ deploymentId, tenant }: { deploymentId: number; tenant?: string }): Result<RequestKpi[]> =>
      ok((of(deploymentId).kpi ?? []).filter((k) => tenant === undefined || k.tenant === tenant)),
    'notifications.rejected': ({ deploymentId }: { deploymentId: number }): Result<RejectedNotification[]> => ok(of(deploymentId).rejected ?? []),
  };
}
