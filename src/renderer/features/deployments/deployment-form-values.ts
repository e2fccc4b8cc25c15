import type {
  BrokerInput,
  DeploymentCreateInput,
  DeploymentUpdateInput,
  DraftTestInput,
  ZookeeperInput,
} from '../../../shared/contract/schemas.ts';
import type { Deployment } from '../../../shared/domain/types.ts';
import { DEFAULT_CELERY_SETTINGS, DEFAULT_JOBBOARDS_SETTINGS } from '../../../shared/domain/settings.ts';
import type { CelerySettings, JobboardsSettings } from '../../../shared/domain/settings.ts';
import { CELERY_FIELD_PATHS, celeryFormValues, toCeleryPatch } from '../celery/celery-settings-form.ts';
import type { CeleryFormValues } from '../celery/celery-settings-form.ts';
import { isTlsUrl, withoutMaskedPassword } from '../connections/connection-url.ts';

export interface DeploymentFormValues extends CeleryFormValues {
  name: string;
  brokerUrl: string;
  /** Typed by the user; empty means "keep what is stored" when editing. */
  password: string;
  clearPassword: boolean;
  managementUrl: string;
  tlsVerify: boolean;
  tlsCaPath: string;
  zookeeperHosts: string;
  /** TaskFlow job board paths, separated by commas or spaces. */
  jobboardPaths: string;
  /** The root boards are discovered under; empty turns discovery off. */
  discoverRoot: string;
  allowJobActions: boolean;
}

export type FormField = keyof DeploymentFormValues;

export function initialValues(deployment?: Deployment): DeploymentFormValues {
  const broker = deployment?.broker;
  return {
    name: deployment?.name ?? '',
    brokerUrl: broker ? withoutMaskedPassword(broker.url) : '',
    password: '',
    clearPassword: false,
    // Kept as shown, mask included: sending the mask back keeps its stored password.
    managementUrl: broker?.managementUrl ?? '',
    tlsVerify: broker?.tls.verify ?? true,
    tlsCaPath: broker?.tls.caPath ?? '',
    zookeeperHosts: deployment?.zookeeper?.hosts ?? '',
    jobboardPaths: (deployment?.settings.jobboards.paths ?? []).join(', '),
    discoverRoot: deployment ? (deployment.settings.jobboards.discover ?? '') : (DEFAULT_JOBBOARDS_SETTINGS.discover ?? ''),
    allowJobActions: deployment?.settings.jobboards.allowActions ?? false,
    ...celeryFormValues(storedCelery(deployment)),
  };
}

/** What the Celery fields are compared with: only changes are sent. */
export const storedCelery = (deployment?: Deployment): CelerySettings => deployment?.settings.celery ?? DEFAULT_CELERY_SETTINGS;

/** Null when the whole broker section is empty: a deployment may have no broker. */
export function toBrokerInput(values: DeploymentFormValues): BrokerInput | null {
  const url = values.brokerUrl.trim();
  const managementUrl = values.managementUrl.trim();
  if (url === '' && managementUrl === '' && values.password === '') return null;
  const input: BrokerInput = { url, managementUrl: managementUrl === '' ? null : managementUrl };
  // Omitted keeps the stored password; '' removes it. Never trimmed: spaces can be part of a password.
  if (values.clearPassword) input.password = '';
  else if (values.password !== '') input.password = values.password;
  if (isTlsUrl(url)) {
    const caPath = values.tlsCaPath.trim();
    input.tls = caPath === '' ? { verify: values.tlsVerify } : { verify: values.tlsVerify, caPath };
  }
  return input;
}

/** The boards and discovery root go with the hosts, and only when they differ from what is stored. */
export function toZookeeperInput(values: DeploymentFormValues, stored: JobboardsSettings = DEFAULT_JOBBOARDS_SETTINGS): ZookeeperInput | null {
  const hosts = values.zookeeperHosts.trim();
  if (hosts === '') return null;
  const input: ZookeeperInput = { hosts };
  const paths = values.jobboardPaths.split(/[\s,]+/).filter(Boolean);
  if (paths.join(',') !== stored.paths.join(',')) input.jobboards = paths;
  const discover = values.discoverRoot.trim() === '' ? null : values.discoverRoot.trim();
  if (discover !== stored.discover) input.discover = discover;
  return input;
}

export function toCreateInput(tenantId: number, values: DeploymentFormValues): DeploymentCreateInput {
  const input: DeploymentCreateInput = { tenantId, name: values.name, broker: toBrokerInput(values), zookeeper: toZookeeperInput(values) };
  const celery = toCeleryPatch(values, storedCelery()).patch;
  if (celery) input.celery = celery;
  if (values.allowJobActions !== DEFAULT_JOBBOARDS_SETTINGS.allowActions) input.jobboards = { allowActions: values.allowJobActions };
  return input;
}

export function toUpdateInput(deployment: Deployment, values: DeploymentFormValues): DeploymentUpdateInput {
  const input: DeploymentUpdateInput = { id: deployment.id, name: values.name, broker: toBrokerInput(values), zookeeper: toZookeeperInput(values, deployment.settings.jobboards) };
  const celery = toCeleryPatch(values, storedCelery(deployment)).patch;
  if (celery) input.celery = celery;
  if (values.allowJobActions !== deployment.settings.jobboards.allowActions) input.jobboards = { allowActions: values.allowJobActions };
  return input;
}

/** With the deployment's id, the engine fills in stored secrets the form leaves empty. */
export function toDraftInput(values: DeploymentFormValues, deploymentId?: number): DraftTestInput {
  const input: DraftTestInput = { broker: toBrokerInput(values), zookeeper: toZookeeperInput(values) };
  if (deploymentId !== undefined) input.deploymentId = deploymentId;
  return input;
}

const FIELD_PATHS: Record<string, FormField> = {
  name: 'name',
  'broker.url': 'brokerUrl',
  'broker.password': 'password',
  'broker.managementUrl': 'managementUrl',
  'broker.tls.verify': 'tlsVerify',
  'broker.tls.caPath': 'tlsCaPath',
  'zookeeper.hosts': 'zookeeperHosts',
  'zookeeper.discover': 'discoverRoot',
  ...CELERY_FIELD_PATHS,
};

/** Which input a server error names (`broker.url` -> the AMQP URL field); undefined for a form-level error. */
export const fieldForPath = (path: string | undefined): FormField | undefined =>
  path === undefined ? undefined : (FIELD_PATHS[path] ?? (path.startsWith('zookeeper.jobboards') ? 'jobboardPaths' : undefined));
