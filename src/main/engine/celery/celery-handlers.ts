import type { Handlers } from '../handlers.ts';
import type { CeleryService } from './celery-service.ts';

type CeleryChannel = Extract<keyof Handlers, `celery.${string}`>;

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
  };
}
