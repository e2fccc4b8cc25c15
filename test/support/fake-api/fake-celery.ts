import type { CommandResult } from '../../../src/shared/contract/channels.ts';
import { fail, ok, type Result } from '../../../src/shared/contract/result.ts';
import type { CeleryCommandInput, CeleryTasksQuery } from '../../../src/shared/contract/schemas.ts';
import type { CeleryOverview, CelerySnapshot, CeleryStats, CeleryTask, CeleryTaskDetail, CeleryWorker, RejectedEvent } from '../../../src/shared/domain/celery.ts';

/** Celery data a component test puts behind the fake Api. */
export interface FakeCeleryData {
  workers: CeleryWorker[];
  snapshots?: CelerySnapshot[];
  stats?: CeleryStats;
  tasks: CeleryTaskDetail[];
  rejected: RejectedEvent[];
  overview?: Partial<CeleryOverview>;
  /** What remote control answers, by method. */
  replies?: Record<string, CommandResult>;
}

/** The celery.* channels of the fake, answering from seeded data with the engine's paging and filters. */
export function fakeCelery(data: Map<number, FakeCeleryData>, readOnly: (deploymentId: number) => boolean) {
  const of = (deploymentId: number): FakeCeleryData => data.get(deploymentId) ?? { workers: [], tasks: [], rejected: [] };
  const summary = ({ traceback: _t, eta: _e, expires: _x, rootId: _r, parentId: _p, ...task }: CeleryTaskDetail): CeleryTask => task;
  const command = (kind: 'inspect' | 'control', input: CeleryCommandInput): Result<CommandResult> => {
    if (kind === 'control' && readOnly(input.deploymentId)) {
      return fail('forbidden', 'This deployment is read-only: control commands are refused. Turn read-only off in its settings to use them.');
    }
    const reply = of(input.deploymentId).replies?.[input.method];
    return reply ? ok(reply) : ok({ replies: {}, missing: input.destination ?? [], elapsedMs: 1000 });
  };
  return {
    'celery.overview': ({ deploymentId }: { deploymentId: number }): Result<CeleryOverview> => {
      const seeded = of(deploymentId);
      const byState: CeleryOverview['tasksByState'] = {};
      for (const task of seeded.tasks) byState[task.state] = (byState[task.state] ?? 0) + 1;
      return ok({
        consumer: { state: 'consuming', detail: 'Consuming the celeryev events.', since: '2026-11-23T10:00:00.000Z', lastEventAt: null, rate: 0, eventsTotal: 0, rejectedTotal: seeded.rejected.length },
        workers: { online: seeded.workers.filter((w) => w.status === 'online').length, offline: seeded.workers.filter((w) => w.status === 'offline').length },
        tasksByState: byState,
        ...seeded.overview,
      });
    },
    'celery.workers': ({ deploymentId }: { deploymentId: number }) => ok(of(deploymentId).workers),
    'celery.tasks': (query: CeleryTasksQuery): Result<{ tasks: CeleryTask[]; next: string | null }> => {
      const limit = query.limit ?? 100;
      const sorted = [...of(query.deploymentId).tasks].sort((a, b) => b.lastEventAt.localeCompare(a.lastEventAt) || b.uuid.localeCompare(a.uuid));
      const matching = sorted.filter(
        (t) =>
          (!query.state || t.state === query.state) &&
          (!query.name || t.name === query.name) &&
          (!query.worker || t.worker === query.worker) &&
          (!query.search || [t.name, t.args, t.kwargs, t.result, t.exception].some((field) => field?.includes(query.search ?? '')) || t.uuid === query.search),
      );
      const start = query.before ? matching.findIndex((t) => `${Date.parse(t.lastEventAt)}:${t.uuid}` === query.before) + 1 : 0;
      const page = matching.slice(start, start + limit);
      const last = page.at(-1);
      return ok({ tasks: page.map(summary), next: page.length === limit && last ? `${Date.parse(last.lastEventAt)}:${last.uuid}` : null });
    },
    'celery.task': ({ deploymentId, uuid }: { deploymentId: number; uuid: string }): Result<CeleryTaskDetail> => {
      const task = of(deploymentId).tasks.find((t) => t.uuid === uuid);
      return task ? ok(task) : fail('not_found', `No task ${uuid} has been seen on this deployment.`);
    },
    'celery.rejected': ({ deploymentId, limit }: { deploymentId: number; limit?: number }) => ok(of(deploymentId).rejected.slice(0, limit ?? 100)),
    'celery.inspect': (input: CeleryCommandInput) => command('inspect', input),
    'celery.control': (input: CeleryCommandInput) => command('control', input),
    'celery.snapshots': ({ deploymentId, since, until, limit }: { deploymentId: number; since?: string; until?: string; limit?: number }) =>
      ok((of(deploymentId).snapshots ?? []).filter((s) => (!since || s.takenAt >= since) && (!until || s.takenAt <= until)).slice(0, limit ?? 1000)),
    'celery.stats': ({ deploymentId }: { deploymentId: number }) => ok(of(deploymentId).stats ?? { bucketSeconds: 60, buckets: [] }),
    'celery.exportSnapshots': (): Result<{ path: string | null; rows: number }> =>
      fail('unavailable', 'Saving to a file needs the desktop app; download the CSV from the console instead.'),
  };
}
