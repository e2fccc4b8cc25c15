import type { CeleryOverview, CelerySnapshot, CeleryStats, CeleryTask, CeleryTaskDetail, CeleryWorker, RejectedEvent } from '../../domain/celery.ts';
import { channel, event, output } from '../declare.ts';
import { number, restRoutes, text } from '../rest.ts';
import {
  celeryByDeployment,
  celeryCommandInput,
  celeryExportInput,
  celeryRejectedInput,
  celerySnapshotsQuery,
  celeryStatsQuery,
  celeryTaskInput,
  celeryTasksQuery,
} from '../schemas.ts';

export interface CommandResult {
  replies: Record<string, unknown>;
  /** Destinations that did not answer within the timeout. */
  missing: string[];
  elapsedMs: number;
}

export const celeryChannels = {
  'celery.overview': channel(celeryByDeployment, output<CeleryOverview>()),
  'celery.workers': channel(celeryByDeployment, output<CeleryWorker[]>()),
  /** Newest first; pass `next` back as `before` for the following page. */
  'celery.tasks': channel(celeryTasksQuery, output<{ tasks: CeleryTask[]; next: string | null }>()),
  'celery.task': channel(celeryTaskInput, output<CeleryTaskDetail>()),
  'celery.rejected': channel(celeryRejectedInput, output<RejectedEvent[]>()),
  /** Remote control over the pidbox: replies by worker host name, and who did not answer. */
  'celery.inspect': channel(celeryCommandInput, output<CommandResult>()),
  'celery.control': channel(celeryCommandInput, output<CommandResult>()),
  /** Camera snapshots, oldest first. */
  'celery.snapshots': channel(celerySnapshotsQuery, output<CelerySnapshot[]>()),
  /** Chart series over a time window, in equal intervals. */
  'celery.stats': channel(celeryStatsQuery, output<CeleryStats>()),
  /**
   * Desktop: asks where to save, then writes the CSV there, reporting progress as
   * 'export.progress'. The headless door downloads /api/v1/…/snapshots.csv instead.
   */
  'celery.exportSnapshots': channel(celeryExportInput, output<{ path: string | null; rows: number }>()),
};

export const celeryEvents = {
  /** Celery data of a deployment changed (at most a few times a second): refetch what is shown. */
  'celery.changed': event<{ deploymentId: number }>(),
  /** A CSV export to a file is under way (rows written so far) or done. */
  'export.progress': event<{ path: string; rows: number; done: boolean }>(),
};

const deployment = { id: number('deploymentId') };
const window = { since: text(), until: text() };
/** {"celery@host": reply, …}; who did not answer goes in a header, so the body stays Celery's shape. */
const replies = { body: 'replies', headers: { 'tach-missing-workers': 'missing' } };

export const celeryRoutes = restRoutes<keyof typeof celeryChannels>([
  { method: 'GET', path: '/api/v1/deployments/:id/celery', channel: 'celery.overview', params: deployment },
  { method: 'GET', path: '/api/v1/deployments/:id/workers', channel: 'celery.workers', params: deployment },
  {
    method: 'GET',
    path: '/api/v1/deployments/:id/tasks',
    channel: 'celery.tasks',
    params: deployment,
    query: { state: text(), name: text(), worker: text(), ...window, search: text(), before: text(), limit: number() },
    // A bare array, as scripts expect; the next page is linked.
    answer: { body: 'tasks', next: { cursor: 'next', param: 'before' } },
  },
  { method: 'GET', path: '/api/v1/deployments/:id/tasks/:uuid', channel: 'celery.task', params: { ...deployment, uuid: text() } },
  { method: 'GET', path: '/api/v1/deployments/:id/celery/rejected', channel: 'celery.rejected', params: deployment, query: { limit: number() } },
  { method: 'GET', path: '/api/v1/deployments/:id/snapshots', channel: 'celery.snapshots', params: deployment, query: { ...window, limit: number() } },
  { method: 'GET', path: '/api/v1/deployments/:id/celery/stats', channel: 'celery.stats', params: deployment, query: { ...window, buckets: number() } },
  // CSV downloads stream straight from the store; the input goes through the export's schema first
  // (the one the desktop export uses), so a bad time is a 400 with the field named.
  { method: 'GET', path: '/api/v1/deployments/:id/snapshots.csv', channel: 'celery.exportSnapshots', params: deployment, query: window, answer: 'csv' },
  { method: 'GET', path: '/api/v1/snapshots/:id.csv', channel: 'celery.exportSnapshots', params: { id: number('snapshotId') }, answer: 'csv' },
  { method: 'POST', path: '/api/v1/deployments/:id/inspect/:method', channel: 'celery.inspect', params: { ...deployment, method: text() }, body: 'merge', answer: replies },
  { method: 'POST', path: '/api/v1/deployments/:id/control/:method', channel: 'celery.control', params: { ...deployment, method: text() }, body: 'merge', answer: replies },
]);
