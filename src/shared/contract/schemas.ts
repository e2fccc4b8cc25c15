import { z } from 'zod';
import { NAME_MAX_LENGTH } from '../domain/names.ts';
import { printable, seconds, timeWindow } from './primitives.ts';
import { celerySettingsInput } from '../capabilities/celery/settings.ts';
import { brokerHealthSettingsInput } from '../capabilities/broker-health/settings.ts';
import { notificationSettingsInput } from '../capabilities/notifications/settings.ts';
import { jobboardsSettingsInput } from '../capabilities/jobboards/settings.ts';

// Each capability's settings section is declared in its own folder (src/shared/capabilities/<name>/).
export { celerySettingsInput, brokerHealthSettingsInput, notificationSettingsInput, jobboardsSettingsInput };

// Runtime schemas for everything that crosses a door. Inputs are strict: an unknown
// field is refused rather than silently dropped, so a typo in a script is noticed.

/** Longest URL, host list or file path accepted: far beyond any real one, short of a pasted file. */
const URL_MAX_LENGTH = 2048;
const PATH_MAX_LENGTH = 4096;
const SECRET_MAX_LENGTH = 1024;

const name = printable(
  z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, 'must not be empty')
    .max(NAME_MAX_LENGTH, `must be at most ${NAME_MAX_LENGTH} characters`),
);

export const id = z.number({ error: 'must be a number' }).int('must be an integer').positive('must be positive');

const brokerUrl = printable(
  z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, 'must not be empty')
    .max(URL_MAX_LENGTH, `must be at most ${URL_MAX_LENGTH} characters`)
    .refine((value) => /^amqps?:\/\//i.test(value), 'must start with amqp:// or amqps://'),
);

const managementUrl = printable(
  z
    .string({ error: 'must be a string' })
    .trim()
    .max(URL_MAX_LENGTH, `must be at most ${URL_MAX_LENGTH} characters`)
    .refine((value) => value === '' || /^https?:\/\//i.test(value), 'must start with http:// or https://'),
);

const secret = z.string({ error: 'must be a string' }).max(SECRET_MAX_LENGTH, `must be at most ${SECRET_MAX_LENGTH} characters`);

/** "host:port[,host:port...][/chroot]", as ZooKeeper clients write an ensemble. */
const zookeeperHosts = printable(
  z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, 'must not be empty')
    .max(URL_MAX_LENGTH, `must be at most ${URL_MAX_LENGTH} characters`)
    .refine(
      (value) => /^[^\s,/:]+(:\d{1,5})?(,[^\s,/:]+(:\d{1,5})?)*(\/\S*)?$/.test(value),
      'must look like host:2181[,host:2181...][/chroot]',
    ),
);

export const tlsInput = z.strictObject({
  /** PEM file with the CA that signed the broker's certificate; empty for the system's. */
  caPath: printable(z.string({ error: 'must be a string' }).trim().max(PATH_MAX_LENGTH, `must be at most ${PATH_MAX_LENGTH} characters`)).optional(),
  /** Off only for a test broker with a self-signed certificate. */
  verify: z.boolean().optional(),
});

export const brokerInput = z.strictObject({
  url: brokerUrl,
  /** Replaces the stored password. Omitted or the mask: keep the stored one. Empty: no password. */
  password: secret.optional(),
  managementUrl: managementUrl.nullable().optional(),
  managementPassword: secret.optional(),
  tls: tlsInput.optional(),
});

/** An absolute znode path: /taskflow/jobs/x (no trailing slash, no empty segment). */
export const znodePath = printable(
  z
    .string({ error: 'must be a string' })
    .trim()
    .max(1000, 'must be at most 1000 characters')
    .refine((value) => /^(\/[^/\s]+)+$/.test(value), 'must be an absolute ZooKeeper path like /taskflow/jobs/my_board'),
);

export const zookeeperInput = z.strictObject({
  hosts: zookeeperHosts,
  /** TaskFlow job boards to watch (replaces the list); see settings.jobboards. */
  jobboards: z.array(znodePath).max(200, 'must list at most 200 boards').optional(),
  /** Watch every board under this root too; null turns discovery off. */
  discover: znodePath.nullable().optional(),
});

export const alertSettingsInput = z.strictObject({ graceSeconds: seconds(0, 24 * 3600).optional() });

export const tenantCreateInput = z.strictObject({ name });
export const tenantUpdateInput = z.strictObject({ id, name });

export const deploymentFields = {
  name,
  broker: brokerInput.nullable().optional(),
  zookeeper: zookeeperInput.nullable().optional(),
  celery: celerySettingsInput.optional(),
  brokerHealth: brokerHealthSettingsInput.optional(),
  alerts: alertSettingsInput.optional(),
  notifications: notificationSettingsInput.optional(),
  jobboards: jobboardsSettingsInput.optional(),
};
export const deploymentCreateInput = z.strictObject({ tenantId: id, ...deploymentFields });
export const deploymentUpdateInput = z.strictObject({
  id,
  ...deploymentFields,
  name: name.optional(),
});

export const byId = z.strictObject({ id });
export const byTenant = z.strictObject({ tenantId: id });
/** Channels that take nothing: absent, null or {} are all accepted as "nothing". */
export const empty = z.strictObject({}).nullish().transform(() => undefined);

/** Test connections as typed in a form, before saving; `deploymentId` lends stored secrets. */
export const draftTestInput = z.strictObject({
  deploymentId: id.optional(),
  broker: brokerInput.nullable().optional(),
  zookeeper: zookeeperInput.nullable().optional(),
});

export const pickFileInput = z.strictObject({
  title: z.string().trim().min(1).max(120),
  /** e.g. [{ name: 'PEM certificates', extensions: ['pem', 'crt'] }] */
  filters: z
    .array(z.strictObject({ name: z.string().max(60), extensions: z.array(z.string().regex(/^[\w*]+$/).max(10)).max(10) }))
    .max(5)
    .optional(),
});

const isoTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time, like 2026-11-23T10:00:00Z' });
const shortText = (max: number) => z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const celeryByDeployment = z.strictObject({ deploymentId: id });

export const celeryTasksQuery = timeWindow(z.strictObject({
  deploymentId: id,
  state: z.enum(['PENDING', 'RECEIVED', 'STARTED', 'SUCCESS', 'FAILURE', 'RETRY', 'REVOKED', 'REJECTED'], {
    error: 'must be one of PENDING, RECEIVED, STARTED, SUCCESS, FAILURE, RETRY, REVOKED, REJECTED',
  }).optional(),
  name: shortText(200).optional(),
  worker: shortText(200).optional(),
  since: isoTime.optional(),
  until: isoTime.optional(),
  search: z.string().trim().max(200, 'must be at most 200 characters').optional(),
  limit: z.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(1000, 'must be at most 1000').optional(),
  /** The `next` cursor of the previous page. */
  before: z.string().regex(/^\d{1,15}:[^\s]{1,200}$/, 'must be the "next" value of a previous page').optional(),
}));

export const celeryTaskInput = z.strictObject({ deploymentId: id, uuid: shortText(200) });

export const celeryRejectedInput = z.strictObject({
  deploymentId: id,
  limit: z.number().int().min(1).max(1000).optional(),
});

export const celeryCommandInput = z.strictObject({
  deploymentId: id,
  method: z.string({ error: 'must be a command name' }).regex(/^[a-z_]{1,40}$/, 'must be a command name such as ping or stats'),
  arguments: z.record(z.string(), z.unknown()).optional(),
  /** Worker host names (as in `celery inspect --destination`); absent or null: every worker. */
  destination: z.array(shortText(255)).min(1, 'must name at least one worker, or be left out for all').max(1000).nullable().optional(),
  /** Seconds to wait for replies (as `--timeout`). */
  timeout: z.number({ error: 'must be a number of seconds' }).min(0.1, 'must be at least 0.1').max(60, 'must be at most 60').optional(),
});

export const celerySnapshotsQuery = timeWindow(z.strictObject({
  deploymentId: id,
  since: isoTime.optional(),
  until: isoTime.optional(),
  limit: z.number().int().min(1).max(10_000).optional(),
}));

/** A time range of a deployment's snapshots, or one snapshot by id. */
export const celeryExportInput = z.union([
  timeWindow(z.strictObject({ deploymentId: id, since: isoTime.optional(), until: isoTime.optional() })),
  z.strictObject({ snapshotId: id }),
]);

export const celeryStatsQuery = timeWindow(z.strictObject({
  deploymentId: id,
  /** Default: the hour before `until`. */
  since: isoTime.optional(),
  /** Default: now. */
  until: isoTime.optional(),
  buckets: z.number().int('must be a whole number').min(1, 'must be at least 1').max(1000, 'must be at most 1000').optional(),
}));

export const brokerByDeployment = z.strictObject({ deploymentId: id });

export const queueHistoryQuery = timeWindow(z.strictObject({
  deploymentId: id,
  vhost: z.string({ error: 'must be a vhost' }).min(1, 'must not be empty').max(255),
  name: z.string({ error: 'must be a queue name' }).min(1, 'must not be empty').max(255),
  /** Default: the hour before `until`. */
  since: isoTime.optional(),
  /** Default: now. */
  until: isoTime.optional(),
}));

export const alertsQuery = z.strictObject({
  deploymentId: id,
  limit: z.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(1000, 'must be at most 1000').optional(),
});

export type QueueHistoryQuery = z.infer<typeof queueHistoryQuery>;
export type AlertsQuery = z.infer<typeof alertsQuery>;
export type BrokerHealthSettingsInput = z.infer<typeof brokerHealthSettingsInput>;
export type AlertSettingsInput = z.infer<typeof alertSettingsInput>;
export const jobboardsByDeployment = z.strictObject({ deploymentId: id });

export const jobboardJobsQuery = z.strictObject({
  deploymentId: id,
  path: znodePath,
  state: z.enum(['UNCLAIMED', 'CLAIMED'], { error: 'must be UNCLAIMED or CLAIMED' }).optional(),
  owner: shortText(300).optional(),
  name: shortText(300).optional(),
  /** The board as it was at this time, rebuilt from the history; absent: live. */
  at: isoTime.optional(),
});

export const jobboardJobInput = z.strictObject({ deploymentId: id, path: znodePath, node: z.string().regex(/^job\d{1,19}$/, 'must be a job node name like job0000000042') });

export const jobboardHistoryQuery = timeWindow(z.strictObject({
  deploymentId: id,
  path: znodePath.optional(),
  since: isoTime.optional(),
  until: isoTime.optional(),
  limit: z.number().int('must be a whole number').min(1, 'must be at least 1').max(10_000, 'must be at most 10000').optional(),
}));

export const jobboardCountsQuery = timeWindow(z.strictObject({
  deploymentId: id,
  path: znodePath,
  since: isoTime.optional(),
  until: isoTime.optional(),
}));

/** Canary's API: the board at `path` in whichever deployment watches it (or the one named). */
export const canaryJobsQuery = z.strictObject({ path: znodePath, deploymentId: id.optional() });
/** Canary's `path` is the conductor folder (default: every watched board's). */
export const canaryConductorsQuery = z.strictObject({ path: znodePath.optional(), deploymentId: id.optional() });

export const jobboardActionInput = z.strictObject({
  deploymentId: id,
  path: znodePath,
  node: z.string().regex(/^job\d{1,19}$/, 'must be a job node name like job0000000042'),
  action: z.enum(['trash', 'release'], { error: 'must be trash or release' }),
});

export type JobboardJobsQuery = z.infer<typeof jobboardJobsQuery>;
export type JobboardHistoryQuery = z.infer<typeof jobboardHistoryQuery>;
export type JobboardCountsQuery = z.infer<typeof jobboardCountsQuery>;
export type JobboardActionInput = z.infer<typeof jobboardActionInput>;
export type JobboardsSettingsInput = z.infer<typeof jobboardsSettingsInput>;
export type CeleryStatsQuery = z.infer<typeof celeryStatsQuery>;
export type CelerySnapshotsQuery = z.infer<typeof celerySnapshotsQuery>;
export type CeleryExportInput = z.infer<typeof celeryExportInput>;
export type CeleryTasksQuery = z.infer<typeof celeryTasksQuery>;
export type CeleryCommandInput = z.infer<typeof celeryCommandInput>;
export type PickFileInput = z.infer<typeof pickFileInput>;
export type TenantCreateInput = z.infer<typeof tenantCreateInput>;
export type TenantUpdateInput = z.infer<typeof tenantUpdateInput>;
export type DeploymentCreateInput = z.infer<typeof deploymentCreateInput>;
export type DeploymentUpdateInput = z.infer<typeof deploymentUpdateInput>;
export type BrokerInput = z.infer<typeof brokerInput>;
export type CelerySettingsInput = z.infer<typeof celerySettingsInput>;
export type ZookeeperInput = z.infer<typeof zookeeperInput>;
export type DraftTestInput = z.infer<typeof draftTestInput>;
