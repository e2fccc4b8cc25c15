import { tenantsAndDeployments } from './001-tenants-and-deployments.ts';
import { deploymentSettings } from './002-deployment-settings.ts';
import { celery } from './003-celery.ts';
import { brokerHealth } from './004-broker-health.ts';
import { notifications } from './005-notifications.ts';
import { jobboards } from './006-jobboards.ts';
import { celeryTaskKeys } from './007-celery-task-keys.ts';
import { celeryKeyLevels } from './008-celery-task-key-levels.ts';
import { novaEventKeyLevels } from './009-nova-event-key-levels.ts';
import { novaRawBlocks } from './010-nova-raw-blocks.ts';
import { pendingMessageKeys } from './011-pending-message-keys.ts';
import { celeryHostileValues } from './012-celery-hostile-values.ts';
import { notificationClockSkew } from './013-notification-clock-skew.ts';
import type { Migration } from './migration.ts';

/** In order; never edit a released step, add the next one. */
export const MIGRATIONS: readonly Migration[] = [tenantsAndDeployments, deploymentSettings, celery, brokerHealth, notifications, jobboards, celeryTaskKeys, celeryKeyLevels, novaEventKeyLevels, novaRawBlocks, pendingMessageKeys, celeryHostileValues, notificationClockSkew];
