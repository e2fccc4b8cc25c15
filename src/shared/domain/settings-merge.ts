import type { AlertSettingsInput, BrokerHealthSettingsInput, CelerySettingsInput } from '../contract/schemas.ts';
import type { NotificationSettingsInput } from '../capabilities/notifications/settings.ts';
import type { JobboardsSettings } from './settings.ts';
import { DEFAULT_SETTINGS, type DeploymentSettings } from './settings.ts';

/**
 * Reads the stored settings document, filling every missing field from the defaults, so a
 * section written by an older Tach (or none at all) reads as complete settings.
 */
export function readSettings(json: string): DeploymentSettings {
  let stored: unknown;
  try {
    stored = JSON.parse(json);
  } catch {
    stored = {};
  }
  return mergeDeep(DEFAULT_SETTINGS, stored) as DeploymentSettings;
}

/** Applies a validated partial patch to one capability's section. */
export function patchSettings(
  current: DeploymentSettings,
  patch: {
    celery?: CelerySettingsInput;
    brokerHealth?: BrokerHealthSettingsInput;
    alerts?: AlertSettingsInput;
    notifications?: NotificationSettingsInput;
    jobboards?: Partial<JobboardsSettings>;
  },
): DeploymentSettings {
  return mergeDeep(current, patch) as DeploymentSettings;
}

/**
 * Takes from `patch` only keys the base knows, recursing into objects, and only values of the
 * base's type (or null, for the settings that may be off): a hand-edited or stale document
 * cannot smuggle in a string where a number is expected.
 */
function mergeDeep(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base)) {
    if (patch === undefined) return base;
    // A list (queue names, job board paths) is replaced whole, and only by a list.
    if (Array.isArray(base)) return Array.isArray(patch) ? patch : base;
    return patch === null || base === null || (typeof patch === typeof base && !Array.isArray(patch)) ? patch : base;
  }
  if (!isPlainObject(patch)) return base;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(base)) {
    out[key] = key in patch ? mergeDeep(value, patch[key]) : value;
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
