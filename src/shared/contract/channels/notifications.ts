import type {
  InstanceLifecycle,
  NotificationEvent,
  NotificationEventDetail,
  NotificationsOverview,
  RejectedNotification,
  RequestKpi,
  Timing,
  TimingSummary,
} from '../../domain/notifications.ts';
import { channel, event, output } from '../declare.ts';
import {
  notificationEventInput,
  notificationEventsQuery,
  notificationInstanceInput,
  notificationKpiQuery,
  notificationRejectedInput,
  notificationsByDeployment,
  notificationSummaryQuery,
  notificationTimingsQuery,
} from '../notification-schemas.ts';
import { boolean, number, restRoutes, text } from '../rest.ts';

export const notificationChannels = {
  /** The consumer's health line, totals and each queue (adopted or created, durable or not). */
  'notifications.overview': channel(notificationsByDeployment, output<NotificationsOverview>()),
  /** Newest first; pass `next` back as `before` for the following page. */
  'notifications.events': channel(notificationEventsQuery, output<{ events: NotificationEvent[]; next: string | null }>()),
  'notifications.event': channel(notificationEventInput, output<NotificationEventDetail>()),
  'notifications.instance': channel(notificationInstanceInput, output<InstanceLifecycle>()),
  'notifications.timings': channel(notificationTimingsQuery, output<Timing[]>()),
  'notifications.timingSummary': channel(notificationSummaryQuery, output<TimingSummary[]>()),
  /** Completed requests, slowest first. */
  'notifications.kpi': channel(notificationKpiQuery, output<RequestKpi[]>()),
  'notifications.rejected': channel(notificationRejectedInput, output<RejectedNotification[]>()),
};

export const notificationEvents = {
  /** Notifications of a deployment were stored or its consumer changed state (a few times a second at most). */
  'notifications.changed': event<{ deploymentId: number }>(),
};

const deployment = { id: number('deploymentId') };

export const notificationRoutes = restRoutes<keyof typeof notificationChannels>([
  { method: 'GET', path: '/api/v1/deployments/:id/notifications', channel: 'notifications.overview', params: deployment },
  {
    method: 'GET',
    path: '/api/v1/deployments/:id/events',
    channel: 'notifications.events',
    params: deployment,
    // snake_case on the URL, as the README shows.
    query: {
      event_type: text('eventType'),
      instance: text(),
      request_id: text('requestId'),
      tenant: text(),
      host: text(),
      service: text(),
      priority: text(),
      since: text(),
      until: text(),
      before: text(),
      errors: boolean('errorsOnly'),
      limit: number(),
    },
    // A bare array, as the scripts expect; the next page is linked.
    answer: { body: 'events', next: { cursor: 'next', param: 'before' } },
  },
  { method: 'GET', path: '/api/v1/events/:id', channel: 'notifications.event', params: { id: number() } },
  { method: 'GET', path: '/api/v1/deployments/:id/instances/:uuid', channel: 'notifications.instance', params: { ...deployment, uuid: text() } },
  { method: 'GET', path: '/api/v1/deployments/:id/timings', channel: 'notifications.timings', params: deployment, query: { name: text(), since: text(), until: text(), limit: number() } },
  { method: 'GET', path: '/api/v1/deployments/:id/timings/summary', channel: 'notifications.timingSummary', params: deployment, query: { since: text(), until: text() } },
  { method: 'GET', path: '/api/v1/deployments/:id/kpi', channel: 'notifications.kpi', params: deployment, query: { tenant: text(), since: text(), limit: number() } },
  { method: 'GET', path: '/api/v1/deployments/:id/rejected', channel: 'notifications.rejected', params: deployment, query: { limit: number() } },
]);
