import type { Capability, CapabilityInstance } from '../../kernel/capability.ts';
import { notifications } from './migrations/005-notifications.ts';
import { novaEventKeyLevels } from './migrations/009-nova-event-key-levels.ts';
import { novaRawBlocks } from './migrations/010-nova-raw-blocks.ts';
import { pendingMessageKeys } from './migrations/011-pending-message-keys.ts';
import { notificationClockSkew } from './migrations/013-notification-clock-skew.ts';
import { notificationHandlers, type NotificationChannel } from './notification-handlers.ts';
import { notificationMetrics } from './notification-metrics.ts';
import { NotificationService } from './notification-service.ts';
import { threadNotificationWriter } from './store/notification-batch-writer.ts';
import { NotificationStore } from './store/notification-store.ts';

/** OpenStack (oslo.messaging) notifications: consumed, stored in blocks, searchable, with timings and lifecycles. */
export const notificationsCapability: Capability<CapabilityInstance<NotificationChannel>> = {
  name: 'notifications',
  migrations: [notifications, novaEventKeyLevels, novaRawBlocks, pendingMessageKeys, notificationClockSkew],
  create(context) {
    // The writer thread writes rows behind ingest and says so: the counts and views changed with no new batch.
    const writer = threadNotificationWriter(context.storeWriter, context.log.child({ component: 'store-writer' }), (deploymentIds) =>
      service.writtenBehind(deploymentIds),
    );
    const service: NotificationService = new NotificationService({
      store: new NotificationStore(context.db),
      writer,
      deployments: context.deployments,
      secrets: context.secrets,
      events: context.events,
      alerts: context.alerts,
      log: context.log.child({ component: 'notifications' }),
      now: context.now,
      installId: context.installId,
    });
    return { start: () => service.start(), stop: () => service.stop(), handlers: notificationHandlers(service), metrics: [notificationMetrics(service)] };
  },
};
