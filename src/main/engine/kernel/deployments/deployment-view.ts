import type { ConnectionChecks, Deployment } from '../../../../shared/domain/types.ts';
import type { DeploymentRecord } from './deployment-store.ts';
import { maskedUrl } from './connection-urls.ts';
import { readSettings } from '../../../../shared/domain/settings-merge.ts';

/** The deployment as doors see it: every secret replaced by a mask and a flag. */
export function toDeployment(record: DeploymentRecord, checks: ConnectionChecks): Deployment {
  const settings = readSettings(record.settings);
  return {
    id: record.id,
    tenantId: record.tenantId,
    name: record.name,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    broker: record.brokerUrl
      ? {
          url: maskedUrl(record.brokerUrl, record.brokerPassword !== null),
          hasPassword: record.brokerPassword !== null,
          managementUrl: record.managementUrl
            ? maskedUrl(record.managementUrl, record.managementPassword !== null)
            : null,
          hasManagementPassword: record.managementPassword !== null,
          tls: { caPath: record.tlsCaPath, verify: record.tlsVerify },
        }
      : null,
    zookeeper: record.zookeeperHosts ? { hosts: record.zookeeperHosts, jobboards: settings.jobboards.paths, discover: settings.jobboards.discover } : null,
    settings,
    checks,
  };
}
