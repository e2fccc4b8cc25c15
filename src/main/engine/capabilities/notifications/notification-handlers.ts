import type { Handlers } from '../../kernel/handler-types.ts';
import type { NotificationService } from './notification-service.ts';

export type NotificationChannel = Extract<keyof Handlers, `notifications.${string}`>;

/** The contract's notifications.* channels. */
export function notificationHandlers(service: NotificationService): Pick<Handlers, NotificationChannel> {
  return {
    'notifications.overview': ({ deploymentId }) => service.overview(deploymentId),
    'notifications.events': (query) => service.events(query),
    'notifications.event': ({ id }) => service.event(id),
    'notifications.instance': ({ deploymentId, uuid }) => service.instance(deploymentId, uuid),
    'notifications.timings': (query) => service.timings(query),
    'notifications.timingSummary': (query) => service.timingSummary(query),
    'notifications.kpi': (query) => service.kpi(query),
    'notifications.rejected': ({ deploymentId, limit }) => service.rejected(deploymentId, limit),
  };
}
