import type { NotificationSettings } from '../../../../shared/domain/settings.ts';
import type { AlertSink } from '../../kernel/alerts/alert-signal.ts';
import { AmqpSession } from '../../kernel/amqp/amqp-session.ts';
import { withPassword } from '../../kernel/deployments/connection-urls.ts';
import type { Logger } from '../../kernel/logging/logger.ts';
import type { SecretBox } from '../../kernel/secrets/secret-box.ts';
import type { DeploymentRecord } from '../../kernel/deployments/deployment-store.ts';
import type { NotificationBatchWriter } from './store/notification-batch-writer.ts';
import type { NotificationStore } from './store/notification-store.ts';
import { consumerHealth } from './consumer-health.ts';
import { NotificationConsumer } from './notification-consumer.ts';
import { StalledWatch } from './stalled-alert.ts';

const HEALTH_MS = 5_000;

export interface NotificationRunner {
  fingerprint: string;
  session: AmqpSession;
  consumer: NotificationConsumer;
  stop(): Promise<void>;
}

/** What, changed, needs the runner rebuilt; retention is read live and is left out. */
export function notificationFingerprint(record: DeploymentRecord, settings: NotificationSettings): string {
  return JSON.stringify([record.brokerUrl, record.brokerPassword, record.tlsCaPath, record.tlsVerify, settings.exchanges, settings.queues, settings.durableQueues]);
}

export interface NotificationRunnerDeps {
  store: NotificationStore;
  writer: NotificationBatchWriter;
  settings: () => NotificationSettings;
  secrets: SecretBox;
  alerts: AlertSink;
  log: Logger;
  now: () => number;
  installId: string;
  onChange: () => void;
}

/**
 * A deployment's own connection for notifications (separate from Celery's, so one cannot starve
 * the other), its consumer, and the stalled-consumer signal. Throws only if the password cannot be read.
 */
export function startNotificationRunner(record: DeploymentRecord, settings: NotificationSettings, deps: NotificationRunnerDeps): NotificationRunner {
  if (!record.brokerUrl) throw new Error('This deployment has no broker: add its AMQP URL to consume notifications.');
  const password = record.brokerPassword === null ? null : deps.secrets.open(record.brokerPassword);
  const log = deps.log.child({ deploymentId: record.id, source: 'notifications' });
  const session = new AmqpSession({
    name: `Tach ${deps.installId} notifications deployment ${record.id}`,
    url: withPassword(record.brokerUrl, password),
    tls: { caPath: record.tlsCaPath, verify: record.tlsVerify },
    log,
  });
  const consumer = new NotificationConsumer({ deploymentId: record.id, session, store: deps.store, writer: deps.writer, settings: deps.settings, log, now: deps.now, onChange: deps.onChange });
  const watch = new StalledWatch(record.id, deps.alerts);
  const unsubscribe = session.onStatus(() => deps.onChange());
  let timer: NodeJS.Timeout | undefined;
  const evaluate = () => {
    const { health, detail } = consumerHealth({ session: session.status(), settings: deps.settings(), storeError: consumer.counters().storeError, queue: (q) => consumer.queue(q) });
    watch.evaluate(health, detail, deps.now());
    timer = setTimeout(evaluate, HEALTH_MS);
  };
  timer = setTimeout(evaluate, HEALTH_MS);
  consumer.start();
  session.start();
  return {
    fingerprint: notificationFingerprint(record, settings),
    session,
    consumer,
    async stop() {
      clearTimeout(timer);
      unsubscribe();
      watch.forget();
      await consumer.stop();
      await session.stop();
    },
  };
}
