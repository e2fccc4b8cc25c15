import type { Handlers } from '../../kernel/handler-types.ts';
import type { CeleryService } from './celery-service.ts';

// Exporting to a file needs the door's save dialog: index.ts adds it with the platform.
export type CeleryChannel = Exclude<Extract<keyof Handlers, `celery.${string}`>, 'celery.exportSnapshots'>;

/** The contract's celery.* channels. */
export function celeryHandlers(celery: CeleryService): Pick<Handlers, CeleryChannel> {
  return {
    'celery.overview': ({ deploymentId }) => celery.overview(deploymentId),
    'celery.workers': ({ deploymentId }) => celery.workers(deploymentId),
    'celery.tasks': (query) => celery.tasks(query),
    'celery.task': ({ deploymentId, uuid }) => celery.task(deploymentId, uuid),
    'celery.rejected': ({ deploymentId, limit }) => celery.rejected(deploymentId, limit),
    'celery.inspect': (input) => celery.command('inspect', input),
    'celery.control': (input) => celery.command('control', input),
    'celery.snapshots': ({ deploymentId, since, until, limit }) => celery.snapshots(deploymentId, since, until, limit),
    'celery.stats': ({ deploymentId, since, until, buckets }) => celery.stats(deploymentId, since, until, buckets),
  };
}
