import type { Capability, CapabilityInstance } from '../../kernel/capability.ts';
import { resultOf } from '../../kernel/result-of.ts';
import { celeryHandlers, type CeleryChannel } from './celery-handlers.ts';
import { celeryMetrics } from './celery-metrics.ts';
import { CeleryService } from './celery-service.ts';
import { exportSnapshots, type SnapshotCsv } from './export-snapshots.ts';
import { celery } from './migrations/003-celery.ts';
import { celeryTaskKeys } from './migrations/007-celery-task-keys.ts';
import { celeryKeyLevels } from './migrations/008-celery-task-key-levels.ts';
import { celeryHostileValues } from './migrations/012-celery-hostile-values.ts';
import { threadCeleryWriter } from './store/celery-batch-writer.ts';
import { CeleryStatsStore } from './store/celery-stats-store.ts';
import { CeleryStore } from './store/celery-store.ts';
import { SnapshotStore } from './store/snapshot-store.ts';

export interface CeleryInstance extends CapabilityInstance<CeleryChannel | 'celery.exportSnapshots'> {
  /** Camera snapshots as a CSV stream, for a door that downloads them (a stream cannot cross dispatch). */
  snapshotCsv: SnapshotCsv;
}

/** Celery monitoring: the event stream, remote control, snapshot cameras. */
export const celeryCapability: Capability<CeleryInstance> = {
  name: 'celery',
  migrations: [celery, celeryTaskKeys, celeryKeyLevels, celeryHostileValues],
  create(context) {
    const service = new CeleryService({
      store: new CeleryStore(context.db),
      writer: threadCeleryWriter(context.storeWriter, context.log.child({ component: 'store-writer' })),
      snapshots: new SnapshotStore(context.db),
      stats: new CeleryStatsStore(context.db),
      deployments: context.deployments,
      secrets: context.secrets,
      events: context.events,
      log: context.log.child({ component: 'celery' }),
      now: context.now,
    });
    const snapshotCsv: SnapshotCsv = (selection) => resultOf(() => service.snapshotCsv(selection));
    return {
      start: () => service.start(),
      stop: () => service.stop(),
      snapshotCsv,
      handlers: {
        ...celeryHandlers(service),
        'celery.exportSnapshots': (input) =>
          exportSnapshots(input, { platform: context.platform, snapshotCsv, events: context.events, log: context.log.child({ component: 'celery' }) }),
      },
      metrics: [celeryMetrics(service, context.deployments)],
    };
  },
};
