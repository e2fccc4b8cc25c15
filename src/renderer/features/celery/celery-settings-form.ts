import type { CelerySettingsInput } from '../../../shared/contract/schemas.ts';
import type { CelerySettings } from '../../../shared/domain/settings.ts';

// The Celery section of the deployment form. Inputs are text (so "" can mean off or never);
// only what differs from the stored settings is sent, as the partial patch the engine merges,
// so saving a form never undoes a change another operator made meanwhile to another field.

export interface CeleryFormValues {
  celeryEnabled: boolean;
  celeryReadOnly: boolean;
  /** Seconds; empty or "off" never sends enable_events. */
  celeryEnableEvents: string;
  /** Seconds between camera snapshots. */
  celeryCameraFrequency: string;
  /** Minutes (the engine stores seconds); empty keeps offline workers. */
  celeryPurgeMinutes: string;
  /** A quorum event queue, which a broker restart does not empty. */
  celeryDurableQueue: boolean;
  /** Events the quorum queue holds at most. */
  celeryQueueMaxLength: string;
  /** Minutes (the engine stores seconds) an event may wait in the quorum queue. */
  celeryQueueTtlMinutes: string;
}

export type CeleryFormField = keyof CeleryFormValues;

const minutesOf = (seconds: number): string => String(Math.round((seconds / 60) * 100) / 100);

export function celeryFormValues(settings: CelerySettings): CeleryFormValues {
  return {
    celeryEnabled: settings.enabled,
    celeryReadOnly: settings.readOnly,
    celeryEnableEvents: settings.enableEventsInterval === null ? '' : String(settings.enableEventsInterval),
    celeryCameraFrequency: String(settings.camera.frequency),
    celeryPurgeMinutes: settings.purgeOfflineAfter === null ? '' : minutesOf(settings.purgeOfflineAfter),
    celeryDurableQueue: settings.durableQueue,
    celeryQueueMaxLength: String(settings.queueMaxLength),
    celeryQueueTtlMinutes: minutesOf(settings.queueTtlSeconds),
  };
}

/** Where the engine's field paths land in this form. */
export const CELERY_FIELD_PATHS: Record<string, CeleryFormField> = {
  'celery.enabled': 'celeryEnabled',
  'celery.readOnly': 'celeryReadOnly',
  'celery.enableEventsInterval': 'celeryEnableEvents',
  'celery.camera.frequency': 'celeryCameraFrequency',
  'celery.purgeOfflineAfter': 'celeryPurgeMinutes',
  'celery.durableQueue': 'celeryDurableQueue',
  'celery.queueMaxLength': 'celeryQueueMaxLength',
  'celery.queueTtlSeconds': 'celeryQueueTtlMinutes',
};

const MAX_PURGE_MINUTES = 30 * 24 * 60;

type Parsed = { ok: true; value: number | null } | { ok: false; error: string };

/** A number as typed, or null for "" (and "off" / "never" when `emptyMeans` allows it). */
function parseNumber(text: string, nullable: boolean): Parsed {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '' || trimmed === 'off' || trimmed === 'never') {
    return nullable ? { ok: true, value: null } : { ok: false, error: 'must be a number of seconds' };
  }
  const value = Number(trimmed);
  return Number.isFinite(value) ? { ok: true, value } : { ok: false, error: nullable ? 'must be a number, or empty for off' : 'must be a number of seconds' };
}

/**
 * The patch to send (undefined when nothing changed), or errors the form can show before
 * asking the engine. Range checks are left to the engine, whose messages name the field.
 */
export function toCeleryPatch(values: CeleryFormValues, stored: CelerySettings): { patch: CelerySettingsInput | undefined; errors: Partial<Record<CeleryFormField, string>> } {
  const errors: Partial<Record<CeleryFormField, string>> = {};
  const patch: CelerySettingsInput = {};
  if (values.celeryEnabled !== stored.enabled) patch.enabled = values.celeryEnabled;
  if (values.celeryReadOnly !== stored.readOnly) patch.readOnly = values.celeryReadOnly;

  const interval = parseNumber(values.celeryEnableEvents, true);
  if (!interval.ok) errors.celeryEnableEvents = interval.error;
  else if (interval.value !== stored.enableEventsInterval) patch.enableEventsInterval = interval.value;

  const frequency = parseNumber(values.celeryCameraFrequency, false);
  if (!frequency.ok) errors.celeryCameraFrequency = frequency.error;
  else if (frequency.value !== null && frequency.value !== stored.camera.frequency) patch.camera = { frequency: frequency.value };

  const purge = parseNumber(values.celeryPurgeMinutes, true);
  if (!purge.ok) errors.celeryPurgeMinutes = purge.error;
  else if (purge.value !== null && (purge.value < 1 || purge.value > MAX_PURGE_MINUTES)) {
    // The engine counts seconds (10 s to 30 days); minutes are what an operator thinks in here.
    errors.celeryPurgeMinutes = `must be between 1 and ${MAX_PURGE_MINUTES} minutes (30 days), or empty to keep them`;
  } else {
    const seconds = purge.value === null ? null : Math.round(purge.value * 60);
    if (seconds !== stored.purgeOfflineAfter) patch.purgeOfflineAfter = seconds;
  }
  if (values.celeryDurableQueue !== stored.durableQueue) patch.durableQueue = values.celeryDurableQueue;
  const maxLength = parseNumber(values.celeryQueueMaxLength, false);
  if (!maxLength.ok || maxLength.value === null || !Number.isInteger(maxLength.value)) errors.celeryQueueMaxLength = 'must be a whole number of events';
  else if (maxLength.value !== stored.queueMaxLength) patch.queueMaxLength = maxLength.value;
  const ttl = parseNumber(values.celeryQueueTtlMinutes, false);
  if (!ttl.ok || ttl.value === null) errors.celeryQueueTtlMinutes = 'must be a number of minutes';
  else {
    // The engine counts whole seconds (1 minute to 7 days) and names the field if out of range.
    const seconds = Math.round(ttl.value * 60);
    if (seconds !== stored.queueTtlSeconds) patch.queueTtlSeconds = seconds;
  }
  return { patch: Object.keys(patch).length > 0 ? patch : undefined, errors };
}
