// Per-deployment settings, always complete (defaults filled in) when read: each capability's section
// is declared in its folder (src/shared/capabilities/<name>/settings.ts); this is their composition.
import { DEFAULT_CELERY_SETTINGS, type CelerySettings } from '../capabilities/celery/settings.ts';
import { DEFAULT_BROKER_HEALTH_SETTINGS, type BrokerHealthSettings } from '../capabilities/broker-health/settings.ts';
import { DEFAULT_NOTIFICATION_SETTINGS, type NotificationSettings } from '../capabilities/notifications/settings.ts';
import { DEFAULT_JOBBOARDS_SETTINGS, type JobboardsSettings } from '../capabilities/jobboards/settings.ts';

export { DEFAULT_CELERY_SETTINGS, DEFAULT_BROKER_HEALTH_SETTINGS, DEFAULT_NOTIFICATION_SETTINGS, DEFAULT_JOBBOARDS_SETTINGS };
export type { CelerySettings, BrokerHealthSettings, NotificationSettings, JobboardsSettings };
export type { QueueThresholds, QueueThresholdOverride } from '../capabilities/broker-health/settings.ts';

export interface AlertSettings {
  /** Seconds a condition must hold before its alert opens: a blip is not an alert. */
  graceSeconds: number;
}

export interface DeploymentSettings {
  celery: CelerySettings;
  brokerHealth: BrokerHealthSettings;
  alerts: AlertSettings;
  notifications: NotificationSettings;
  jobboards: JobboardsSettings;
}

export const DEFAULT_ALERT_SETTINGS: AlertSettings = { graceSeconds: 60 };

export const DEFAULT_SETTINGS: DeploymentSettings = {
  celery: DEFAULT_CELERY_SETTINGS,
  brokerHealth: DEFAULT_BROKER_HEALTH_SETTINGS,
  alerts: DEFAULT_ALERT_SETTINGS,
  notifications: DEFAULT_NOTIFICATION_SETTINGS,
  jobboards: DEFAULT_JOBBOARDS_SETTINGS,
};
