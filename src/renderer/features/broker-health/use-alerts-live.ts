import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { Alert } from '../../../shared/domain/broker.ts';
import type { Door } from '../../../shared/domain/types.ts';
import { useApi } from '../../api/api-context.tsx';

/**
 * Keeps every alert view current on 'alert.changed', and in a browser (the headless door) shows
 * the browser's notification for an alert that opens, if the operator allowed them. The desktop
 * door notifies from the main process instead, so the renderer stays quiet there.
 */
export function useAlertsLive(door: Door | undefined): void {
  const api = useApi();
  const client = useQueryClient();
  useEffect(() => {
    return api.on('alert.changed', ({ alert, change }) => {
      void client.invalidateQueries({ queryKey: ['alerts.open'] });
      void client.invalidateQueries({ queryKey: ['alerts.list', { deploymentId: alert.deploymentId }], exact: false });
      if (change === 'opened' && door === 'headless') notifyInBrowser(alert);
    });
  }, [api, client, door]);
}

function notifyInBrowser(alert: Alert): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  try {
    new Notification(`Tach: ${alert.severity === 'critical' ? 'critical alert' : 'alert'}`, { body: alert.message, tag: `tach-alert-${alert.id}` });
  } catch {
    // Some browsers allow notifications only from a service worker; the banner still shows it.
  }
}
