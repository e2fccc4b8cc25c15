import { SECRET_MASK } from '../../../../shared/domain/names.ts';
import type { BrokerInput, ZookeeperInput } from '../../../../shared/contract/schemas.ts';
import type { ConnectionKind } from '../../../../shared/domain/types.ts';
import { DomainError } from '../domain-error.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import type { DeploymentFields, DeploymentRecord } from './deployment-store.ts';
import { splitPassword } from './connection-urls.ts';

type BrokerFields = Pick<
  DeploymentFields,
  'brokerUrl' | 'brokerPassword' | 'managementUrl' | 'managementPassword' | 'tlsCaPath' | 'tlsVerify'
>;

export const NO_BROKER: BrokerFields = {
  brokerUrl: null,
  brokerPassword: null,
  managementUrl: null,
  managementPassword: null,
  tlsCaPath: null,
  tlsVerify: true,
};

/**
 * Turns broker input into stored fields. The password rule, for forms and scripts alike:
 * an explicit `password` wins ('' clears it); else a password inside the URL; else the mask
 * or nothing keeps what is stored. So a GET's masked URL can be PATCHed back unchanged.
 */
export function brokerFields(input: BrokerInput, existing: DeploymentRecord | undefined, secrets: SecretBox): BrokerFields {
  const broker = parseUrl(input.url, 'broker.url');
  if (broker.hostname === '') throw new DomainError('invalid_input', 'must name a host', 'broker.url');
  const { url: brokerUrl, password: urlPassword } = splitPassword(input.url);
  const brokerPassword = resolveSecret(input.password, urlPassword, existing?.brokerPassword ?? null, secrets);

  let managementUrl: string | null = null;
  let managementPassword: string | null = null;
  if (input.managementUrl === undefined && existing) {
    managementUrl = existing.managementUrl;
    managementPassword = existing.managementPassword;
  } else if (input.managementUrl) {
    parseUrl(input.managementUrl, 'broker.managementUrl');
    const split = splitPassword(input.managementUrl);
    managementUrl = split.url;
    const kept = existing?.managementUrl ? existing.managementPassword : null;
    managementPassword = resolveSecret(input.managementPassword, split.password, kept, secrets);
  }

  const caPath = input.tls?.caPath ?? (input.tls ? '' : existing?.tlsCaPath ?? '');
  return {
    brokerUrl,
    brokerPassword,
    managementUrl,
    managementPassword,
    tlsCaPath: caPath === '' ? null : caPath,
    tlsVerify: input.tls?.verify ?? existing?.tlsVerify ?? true,
  };
}

export function zookeeperHosts(input: ZookeeperInput | null | undefined, existing: DeploymentRecord | undefined): string | null {
  if (input === undefined) return existing?.zookeeperHosts ?? null;
  return input === null ? null : input.hosts;
}

/** Which connections point somewhere else now, so their last check no longer says anything. */
export function changedConnections(before: DeploymentRecord, after: DeploymentFields): ConnectionKind[] {
  const changed: ConnectionKind[] = [];
  if (
    before.brokerUrl !== after.brokerUrl ||
    before.brokerPassword !== after.brokerPassword ||
    before.tlsCaPath !== after.tlsCaPath ||
    before.tlsVerify !== after.tlsVerify
  ) {
    changed.push('broker');
  }
  if (before.managementUrl !== after.managementUrl || before.managementPassword !== after.managementPassword) {
    changed.push('management');
  }
  if (before.zookeeperHosts !== after.zookeeperHosts) changed.push('zookeeper');
  return changed;
}

function resolveSecret(
  explicit: string | undefined,
  fromUrl: string | undefined,
  stored: string | null,
  secrets: SecretBox,
): string | null {
  if (explicit !== undefined && explicit !== SECRET_MASK) return explicit === '' ? null : secrets.seal(explicit);
  if (fromUrl !== undefined && fromUrl !== SECRET_MASK) return secrets.seal(fromUrl);
  return stored;
}

function parseUrl(value: string, field: string): URL {
  try {
    return new URL(value);
  } catch {
    throw new DomainError('invalid_input', 'is not a valid URL', field);
  }
}
