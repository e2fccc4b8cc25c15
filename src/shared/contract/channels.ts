import type { InputOf, OutputOf, PayloadOf } from './declare.ts';
import type { RestRoute } from './rest.ts';
import { alertChannels, alertEvents, alertRoutes } from './channels/alerts.ts';
import { appChannels } from './channels/app.ts';
import { brokerHealthChannels, brokerHealthEvents, brokerHealthRoutes } from './channels/broker-health.ts';
import { celeryChannels, celeryEvents, celeryRoutes } from './channels/celery.ts';
import { deploymentChannels, deploymentEvents, deploymentRoutes } from './channels/deployments.ts';
import { canaryRoutes, jobboardChannels, jobboardEvents, jobboardRoutes } from './channels/jobboards.ts';
import { notificationChannels, notificationEvents, notificationRoutes } from './channels/notifications.ts';
import { storeChannels, storeEvents, storeRoutes } from './channels/store.ts';
import { tenantChannels, tenantEvents, tenantRoutes } from './channels/tenants.ts';

export type { CommandResult } from './channels/celery.ts';

/**
 * Every request channel, declared once in channels/<area>.ts (the kernel's areas, then each
 * capability's): its input schema and output type. The types below, the doors' allowlists, the
 * dispatch's validation and the engine's `Handlers` (a missing handler does not compile) all derive from it.
 */
export const CHANNELS = {
  ...appChannels,
  ...storeChannels,
  ...tenantChannels,
  ...deploymentChannels,
  ...alertChannels,
  ...celeryChannels,
  ...brokerHealthChannels,
  ...notificationChannels,
  ...jobboardChannels,
};

/** Pushed from the engine to every open window or browser. */
export const EVENTS = {
  ...storeEvents,
  ...tenantEvents,
  ...deploymentEvents,
  ...alertEvents,
  ...celeryEvents,
  ...brokerHealthEvents,
  ...notificationEvents,
  ...jobboardEvents,
};

export type RequestChannel = keyof typeof CHANNELS;
export type EventName = keyof typeof EVENTS;
/** Channel name -> [input, output]. */
export type Requests = { [C in RequestChannel]: [InputOf<(typeof CHANNELS)[C]>, OutputOf<(typeof CHANNELS)[C]>] };
export type Events = { [E in EventName]: PayloadOf<(typeof EVENTS)[E]> };
export type RequestInput<C extends RequestChannel> = Requests[C][0];
export type RequestOutput<C extends RequestChannel> = Requests[C][1];

/** The REST API for scripts (stable, documented): each route a channel, its input from the path, query and body. */
export const REST_ROUTES: readonly RestRoute<RequestChannel>[] = [
  ...storeRoutes,
  ...tenantRoutes,
  ...deploymentRoutes,
  ...celeryRoutes,
  ...brokerHealthRoutes,
  ...alertRoutes,
  ...notificationRoutes,
  ...jobboardRoutes,
];
/** Canary's API (not Tach's): served by hand in Canary's shapes, its parameters from here. */
export const CANARY_ROUTES: readonly RestRoute<RequestChannel>[] = canaryRoutes;

export const REQUEST_CHANNELS = Object.keys(CHANNELS) as RequestChannel[];
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

export const isRequestChannel = (value: unknown): value is RequestChannel => typeof value === 'string' && Object.hasOwn(CHANNELS, value);
export const isEventName = (value: unknown): value is EventName => typeof value === 'string' && Object.hasOwn(EVENTS, value);

/** Electron IPC channel names; the headless door uses /rpc/<channel> and one WebSocket. */
export const IPC_INVOKE = 'tach:invoke';
export const IPC_EVENT = 'tach:event';
