import type { CeleryOverview, CelerySnapshot, CeleryStats, CeleryTask, CeleryTaskDetail, CeleryWorker, RejectedEvent } from '../domain/celery.ts';
import type { Alert, BrokerHealth, QueueHistory } from '../domain/broker.ts';
import type { JobboardCountSample, JobboardJob, JobboardJobDetail, JobboardsOverview, JobTransition } from '../domain/jobboards.ts';
import type { CanaryConductors, CanaryJobsRecord } from '../domain/canary.ts';
import type { AppInfo, ConnectionChecks, Deployment, StoreHealth, Tenant } from '../domain/types.ts';
import type {
  InstanceLifecycle,
  NotificationEvent,
  NotificationEventDetail,
  NotificationsOverview,
  RejectedNotification,
  RequestKpi,
  Timing,
  TimingSummary,
} from '../domain/notifications.ts';
import type { NotificationEventsQuery, NotificationKpiQuery, NotificationSummaryQuery, NotificationTimingsQuery } from './notification-schemas.ts';
import type {
  DeploymentCreateInput,
  DeploymentUpdateInput,
  CeleryCommandInput,
  CeleryExportInput,
  CelerySnapshotsQuery,
  CeleryStatsQuery,
  CeleryTasksQuery,
  AlertsQuery,
  QueueHistoryQuery,
  DraftTestInput,
  JobboardCountsQuery,
  JobboardHistoryQuery,
  JobboardJobsQuery,
  JobboardActionInput,
  PickFileInput,
  TenantCreateInput,
  TenantUpdateInput,
} from './schemas.ts';

/**
 * The one list of request channels: name -> [input, output]. Main, preload and renderer
 * all derive from it; `Handlers` makes a channel without a handler a compile error.
 */
export interface Requests {
  'app.info': [undefined, AppInfo];
  /** The data directory: disk full or nearly, store and WAL size, the log file, the last backup. */
  'store.health': [undefined, StoreHealth];
  'tenants.list': [undefined, Tenant[]];
  'tenants.get': [{ id: number }, Tenant];
  'tenants.create': [TenantCreateInput, Tenant];
  'tenants.update': [TenantUpdateInput, Tenant];
  'tenants.remove': [{ id: number }, { id: number }];
  'deployments.list': [{ tenantId: number }, Deployment[]];
  'deployments.get': [{ id: number }, Deployment];
  'deployments.create': [DeploymentCreateInput, Deployment];
  'deployments.update': [DeploymentUpdateInput, Deployment];
  'deployments.remove': [{ id: number }, { id: number }];
  'deployments.test': [{ id: number }, ConnectionChecks];
  'connections.testDraft': [DraftTestInput, ConnectionChecks];
  /** A native "open file" dialog; only where `capabilities.nativeFileDialogs` (the desktop door). */
  'dialog.pickFile': [PickFileInput, { path: string | null }];
  'celery.overview': [{ deploymentId: number }, CeleryOverview];
  'celery.workers': [{ deploymentId: number }, CeleryWorker[]];
  /** Newest first; pass `next` back as `before` for the following page. */
  'celery.tasks': [CeleryTasksQuery, { tasks: CeleryTask[]; next: string | null }];
  'celery.task': [{ deploymentId: number; uuid: string }, CeleryTaskDetail];
  'celery.rejected': [{ deploymentId: number; limit?: number }, RejectedEvent[]];
  /** Remote control over the pidbox: replies by worker host name, and who did not answer. */
  'celery.inspect': [CeleryCommandInput, CommandResult];
  'celery.control': [CeleryCommandInput, CommandResult];
  /** Camera snapshots, oldest first. */
  'celery.snapshots': [CelerySnapshotsQuery, CelerySnapshot[]];
  /** Chart series over a time window, in equal intervals. */
  'celery.stats': [CeleryStatsQuery, CeleryStats];
  /**
   * Desktop: asks where to save, then writes the CSV there, reporting progress as
   * 'export.progress'. The headless door downloads /api/v1/…/snapshots.csv instead.
   */
  'celery.exportSnapshots': [CeleryExportInput, { path: string | null; rows: number }];
  /** The last poll of the deployment's broker: status, overview and every queue. */
  'broker.health': [{ deploymentId: number }, BrokerHealth];
  /** One queue's samples over a window, oldest first, averaged down to at most ~500 points. */
  'broker.history': [QueueHistoryQuery, QueueHistory];
  /** A deployment's alerts, open ones first, then the newest closed. */
  'alerts.list': [AlertsQuery, Alert[]];
  /** Every open alert of every deployment (the banner and the marks in deployment lists). */
  'alerts.open': [undefined, Alert[]];
  /** The consumer's health line, totals and each queue (adopted or created, durable or not). */
  'notifications.overview': [{ deploymentId: number }, NotificationsOverview];
  /** Newest first; pass `next` back as `before` for the following page. */
  'notifications.events': [NotificationEventsQuery, { events: NotificationEvent[]; next: string | null }];
  'notifications.event': [{ id: number }, NotificationEventDetail];
  'notifications.instance': [{ deploymentId: number; uuid: string }, InstanceLifecycle];
  'notifications.timings': [NotificationTimingsQuery, Timing[]];
  'notifications.timingSummary': [NotificationSummaryQuery, TimingSummary[]];
  /** Completed requests, slowest first. */
  'notifications.kpi': [NotificationKpiQuery, RequestKpi[]];
  'notifications.rejected': [{ deploymentId: number; limit?: number }, RejectedNotification[]];
  /** The ZooKeeper session and every watched TaskFlow job board with its counts and conductors. */
  'jobboards.overview': [{ deploymentId: number }, JobboardsOverview];
  /** A board's jobs in TaskFlow's order (priority, then sequence); with `at`, the board as it was then. */
  'jobboards.jobs': [JobboardJobsQuery, JobboardJob[]];
  'jobboards.job': [{ deploymentId: number; path: string; node: string }, JobboardJobDetail];
  /** Transitions (posted, claimed, released, completed, trashed), oldest first. */
  'jobboards.history': [JobboardHistoryQuery, JobTransition[]];
  /** Sampled counts per state of one board, oldest first. */
  'jobboards.counts': [JobboardCountsQuery, JobboardCountSample[]];
  /**
   * Trash a job, or release a claim whose conductor is gone; refused unless the deployment's
   * `jobboards.allowActions` is on, and when a registered conductor holds the claim.
   */
  'jobboards.action': [JobboardActionInput, { message: string }];
  /** Canary's GET /v1.0/jobs: the board over the last `canaryIntervalSeconds`, in Canary's shape. */
  'canary.jobs': [{ path: string; deploymentId?: number }, CanaryJobsRecord[]];
  /** Canary's GET /v1.0/conductor. */
  'canary.conductors': [{ path?: string; deploymentId?: number }, CanaryConductors];
}

export interface CommandResult {
  replies: Record<string, unknown>;
  /** Destinations that did not answer within the timeout. */
  missing: string[];
  elapsedMs: number;
}

/** Pushed from the engine to every open window or browser. */
export interface Events {
  /** Something in the tenant/deployment tree changed (maybe from another client): refetch. */
  'entities.changed': { kind: 'tenant' | 'deployment'; id: number; action: 'created' | 'updated' | 'removed' };
  'deployment.checked': { deploymentId: number; checks: ConnectionChecks };
  /** Celery data of a deployment changed (at most a few times a second): refetch what is shown. */
  'celery.changed': { deploymentId: number };
  /** Notifications of a deployment were stored or its consumer changed state (a few times a second at most). */
  'notifications.changed': { deploymentId: number };
  /** A job board of the deployment (or its ZooKeeper session) changed: refetch what is shown. */
  'jobboards.changed': { deploymentId: number };
  /** A CSV export to a file is under way (rows written so far) or done. */
  'export.progress': { path: string; rows: number; done: boolean };
  /** A broker health poll of the deployment answered or failed: refetch what is shown. */
  'broker.changed': { deploymentId: number };
  /** An alert opened, closed, or while open got a new message or figure (open alerts are few). */
  'alert.changed': { alert: Alert; change: 'opened' | 'updated' | 'closed' };
  /** The data directory became full, nearly full, or has room again. */
  'store.changed': StoreHealth;
}

export type RequestChannel = keyof Requests;
export type EventName = keyof Events;
export type RequestInput<C extends RequestChannel> = Requests[C][0];
export type RequestOutput<C extends RequestChannel> = Requests[C][1];

// Runtime lists for the allowlists at the doors (preload, http). `satisfies` over a
// mapped type keeps them in step with the interfaces above: a missing or extra name fails to compile.
const requestChannelMap = {
  'app.info': true,
  'store.health': true,
  'tenants.list': true,
  'tenants.get': true,
  'tenants.create': true,
  'tenants.update': true,
  'tenants.remove': true,
  'deployments.list': true,
  'deployments.get': true,
  'deployments.create': true,
  'deployments.update': true,
  'deployments.remove': true,
  'deployments.test': true,
  'connections.testDraft': true,
  'dialog.pickFile': true,
  'celery.overview': true,
  'celery.workers': true,
  'celery.tasks': true,
  'celery.task': true,
  'celery.rejected': true,
  'celery.inspect': true,
  'celery.control': true,
  'celery.snapshots': true,
  'celery.stats': true,
  'celery.exportSnapshots': true,
  'broker.health': true,
  'broker.history': true,
  'alerts.list': true,
  'alerts.open': true,
  'notifications.overview': true,
  'notifications.events': true,
  'notifications.event': true,
  'notifications.instance': true,
  'notifications.timings': true,
  'notifications.timingSummary': true,
  'notifications.kpi': true,
  'notifications.rejected': true,
  'jobboards.overview': true,
  'jobboards.jobs': true,
  'jobboards.job': true,
  'jobboards.history': true,
  'jobboards.counts': true,
  'jobboards.action': true,
  'canary.jobs': true,
  'canary.conductors': true,
} as const satisfies Record<RequestChannel, true>;

const eventNameMap = {
  'entities.changed': true,
  'deployment.checked': true,
  'celery.changed': true,
  'notifications.changed': true,
  'jobboards.changed': true,
  'export.progress': true,
  'broker.changed': true,
  'alert.changed': true,
  'store.changed': true,
} as const satisfies Record<EventName, true>;

export const REQUEST_CHANNELS = Object.keys(requestChannelMap) as RequestChannel[];
export const EVENT_NAMES = Object.keys(eventNameMap) as EventName[];

export const isRequestChannel = (value: unknown): value is RequestChannel =>
  typeof value === 'string' && Object.hasOwn(requestChannelMap, value);
export const isEventName = (value: unknown): value is EventName =>
  typeof value === 'string' && Object.hasOwn(eventNameMap, value);

/** Electron IPC channel names; the headless door uses /rpc/<channel> and one WebSocket. */
export const IPC_INVOKE = 'tach:invoke';
export const IPC_EVENT = 'tach:event';
