import { BrowserWindow, Notification } from 'electron';
import type { Engine } from '../engine/engine.ts';
import type { Alert } from '../../shared/domain/broker.ts';

/**
 * A desktop notification for every alert that opens (closing is quiet: the banner and the
 * history show it). Clicking it brings the window forward on the deployment's alerts.
 */
export function notifyAlerts(engine: Engine): () => void {
  return engine.subscribe((event, payload) => {
    if (event !== 'alert.changed' || !Notification.isSupported()) return;
    const { alert, change } = payload as { alert: Alert; change: string };
    if (change !== 'opened') return;
    const notification = new Notification({
      title: alert.severity === 'critical' ? 'Tach: critical alert' : 'Tach: alert',
      body: alert.message,
      urgency: alert.severity === 'critical' ? 'critical' : 'normal',
    });
    notification.on('click', () => {
      const [window] = BrowserWindow.getAllWindows();
      if (!window) return;
      if (window.isMinimized()) window.restore();
      window.focus();
      void window.webContents.executeJavaScript(`location.hash = ${JSON.stringify(`#/deployments/${alert.deploymentId}/queues/alerts`)}`);
    });
    notification.show();
  });
}
