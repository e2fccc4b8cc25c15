import { withPassword } from '../../kernel/deployments/connection-urls.ts';
import { AmqpSession } from '../../kernel/amqp/amqp-session.ts';
import type { Logger } from '../../kernel/logging/logger.ts';
import type { SecretBox } from '../../kernel/secrets/secret-box.ts';
import type { CeleryBatchWriter } from './store/celery-batch-writer.ts';
import type { CeleryStore } from './store/celery-store.ts';
import type { DeploymentRecord } from '../../kernel/deployments/deployment-store.ts';
import type { CelerySettings } from '../../../../shared/domain/settings.ts';
import { CeleryMonitor } from './celery-monitor.ts';
import { PidboxClient } from './pidbox/index.ts';

/** What a running deployment's Celery monitoring is made of; stopped as a whole. */
export interface CeleryRunner {
  fingerprint: string;
  session: AmqpSession;
  pidbox: PidboxClient;
  monitor: CeleryMonitor;
  stop(): Promise<void>;
}

/**
 * What, changed, needs the runner rebuilt: where it connects and how the monitor runs. Settings
 * read at request time (read-only, purge) are left out: flipping them must not drop a connection.
 */
export function runnerFingerprint(record: DeploymentRecord, celery: CelerySettings): string {
  return JSON.stringify([record.brokerUrl, record.brokerPassword, record.tlsCaPath, record.tlsVerify, celery.enableEventsInterval, celery.memory, celery.durableQueue, celery.queueMaxLength, celery.queueTtlSeconds]);
}

export interface RunnerDeps {
  store: CeleryStore;
  writer: CeleryBatchWriter;
  /** The deployment's current Celery settings (they may change while the runner runs). */
  settings: () => CelerySettings;
  secrets: SecretBox;
  log: Logger;
  now: () => number;
  installId: string;
  onChange: () => void;
}

/** Opens the broker session and starts the monitor on it. Throws only if the password cannot be read. */
export function startCeleryRunner(record: DeploymentRecord, celery: CelerySettings, deps: RunnerDeps): CeleryRunner {
  if (!record.brokerUrl) throw new Error('This deployment has no broker: add its AMQP URL to monitor Celery.');
  const password = record.brokerPassword === null ? null : deps.secrets.open(record.brokerPassword);
  const log = deps.log.child({ deploymentId: record.id, source: 'celery' });
  const session = new AmqpSession({
    name: `Tach ${deps.installId} celery deployment ${record.id}`,
    url: withPassword(record.brokerUrl, password),
    tls: { caPath: record.tlsCaPath, verify: record.tlsVerify },
    log,
  });
  const pidbox = new PidboxClient();
  const monitor = new CeleryMonitor({
    deploymentId: record.id,
    installId: deps.installId,
    session,
    pidbox,
    store: deps.store,
    writer: deps.writer,
    settings: deps.settings,
    log,
    now: deps.now,
    onChange: deps.onChange,
  });
  monitor.start();
  session.start();
  return {
    fingerprint: runnerFingerprint(record, celery),
    session,
    pidbox,
    monitor,
    // Reverse order of start: the monitor commits what it has, then the connection closes.
    async stop() {
      await monitor.stop();
      await pidbox.detach().catch(() => {});
      await session.stop();
    },
  };
}
