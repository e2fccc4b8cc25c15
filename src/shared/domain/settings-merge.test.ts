import { describe, expect, it } from 'vitest';
import { DEFAULT_CELERY_SETTINGS, DEFAULT_JOBBOARDS_SETTINGS, DEFAULT_SETTINGS } from './settings.ts';
import { patchSettings, readSettings } from './settings-merge.ts';

describe('deployment settings', () => {
  it('reads a missing or broken document as the defaults', () => {
    expect(readSettings('{}')).toEqual(DEFAULT_SETTINGS);
    expect(readSettings('not json')).toEqual(DEFAULT_SETTINGS);
  });

  it('fills fields a stored section lacks, and ignores unknown keys and wrongly typed values', () => {
    const read = readSettings(JSON.stringify({ celery: { enabled: true, camera: { frequency: 'fast' }, bogus: 1 }, other: {} }));
    expect(read).toEqual({ ...DEFAULT_SETTINGS, celery: { ...DEFAULT_CELERY_SETTINGS, enabled: true } });
  });

  it('replaces the notification queue lists as a whole and keeps the rest of the section', () => {
    const patched = patchSettings(DEFAULT_SETTINGS, { notifications: { enabled: true, queues: ['notifications.info'] } });
    expect(patched.notifications).toEqual({ ...DEFAULT_SETTINGS.notifications, enabled: true, queues: ['notifications.info'] });
    expect(readSettings(JSON.stringify({ notifications: { exchanges: 'nova' } })).notifications.exchanges).toEqual(['nova']);
  });

  it('patches only what is given, deep, and lets nullable settings be switched off', () => {
    const enabled = patchSettings(DEFAULT_SETTINGS, { celery: { enabled: true, camera: { frequency: 0.5 } } });
    const patched = patchSettings(enabled, { celery: { readOnly: true, enableEventsInterval: null } });
    expect(patched.celery).toEqual({
      ...DEFAULT_CELERY_SETTINGS,
      enabled: true,
      readOnly: true,
      enableEventsInterval: null,
      camera: { ...DEFAULT_CELERY_SETTINGS.camera, frequency: 0.5 },
    });
    expect(patchSettings(patched, {})).toEqual(patched);
  });

  it('replaces a list whole, and only with a list', () => {
    const patched = patchSettings(DEFAULT_SETTINGS, { jobboards: { paths: ['/taskflow/jobs/a'] } });
    expect(patched.jobboards.paths).toEqual(['/taskflow/jobs/a']);
    expect(readSettings(JSON.stringify({ jobboards: { paths: { '0': '/x' }, discover: null } })).jobboards).toEqual({ ...DEFAULT_JOBBOARDS_SETTINGS, discover: null });
  });
});
