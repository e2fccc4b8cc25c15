import type { Alert } from '../../domain/broker.ts';
import { channel, event, output } from '../declare.ts';
import { number, restRoutes } from '../rest.ts';
import { alertsQuery, empty } from '../schemas.ts';

export const alertChannels = {
  /** A deployment's alerts, open ones first, then the newest closed. */
  'alerts.list': channel(alertsQuery, output<Alert[]>()),
  /** Every open alert of every deployment (the banner and the marks in deployment lists). */
  'alerts.open': channel(empty, output<Alert[]>()),
};

export const alertEvents = {
  /** An alert opened, closed, or while open got a new message or figure (open alerts are few). */
  'alert.changed': event<{ alert: Alert; change: 'opened' | 'updated' | 'closed' }>(),
};

export const alertRoutes = restRoutes<keyof typeof alertChannels>([
  { method: 'GET', path: '/api/v1/deployments/:id/alerts', channel: 'alerts.list', params: { id: number('deploymentId') }, query: { limit: number() } },
  { method: 'GET', path: '/api/v1/alerts', channel: 'alerts.open' },
]);
