import type { DeploymentRecord } from '../deployments/deployment-store.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import { safeDecode, withPassword } from '../deployments/connection-urls.ts';
import type { BrokerCheckTarget } from './broker-check.ts';
import type { ManagementCheckTarget } from './management-check.ts';

/** What to connect to, with secrets opened. A secret that cannot be opened is a problem to report, not a crash. */
export interface ConnectionTargets {
  broker?: BrokerCheckTarget | { problem: string };
  management?: ManagementCheckTarget | { problem: string };
  zookeeper?: string;
}

export function targetsOf(record: DeploymentRecord, secrets: SecretBox): ConnectionTargets {
  const targets: ConnectionTargets = {};
  if (record.zookeeperHosts) targets.zookeeper = record.zookeeperHosts;
  if (!record.brokerUrl) return targets;

  const brokerPassword = open(record.brokerPassword, secrets);
  targets.broker =
    'problem' in brokerPassword
      ? brokerPassword
      : {
          url: withPassword(record.brokerUrl, brokerPassword.value),
          tls: { caPath: record.tlsCaPath, verify: record.tlsVerify },
        };

  if (record.managementUrl) {
    const management = new URL(record.managementUrl);
    // The management API's own user if its URL names one, else the broker's credentials,
    // which is how most deployments are set up (and how Flower's broker_api is used).
    const ownUser = management.username !== '';
    const password = ownUser ? open(record.managementPassword, secrets) : brokerPassword;
    const user = ownUser
      ? safeDecode(management.username)
      : safeDecode(new URL(record.brokerUrl).username) || 'guest';
    management.username = '';
    if ('problem' in password) {
      targets.management = password;
    } else {
      targets.management = { url: management.toString(), user, password: password.value ?? (ownUser ? '' : 'guest') };
    }
  }
  return targets;
}

function open(sealed: string | null, secrets: SecretBox): { value: string | null } | { problem: string } {
  if (sealed === null) return { value: null };
  try {
    return { value: secrets.open(sealed) };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}
