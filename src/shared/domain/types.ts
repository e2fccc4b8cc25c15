import type { DeploymentSettings } from './settings.ts';

// Domain records as every door sees them. Secrets never appear here in clear:
// a stored password is the SECRET_MASK inside a URL plus a `hasPassword` flag.

export interface Tenant {
  id: number;
  name: string;
  createdAt: string;
  deploymentCount: number;
}

export type ConnectionKind = 'broker' | 'management' | 'zookeeper';

export interface ConnectionCheck {
  ok: boolean;
  /** One sentence a person understands: versions on success, the cause on failure. */
  detail: string;
  checkedAt: string;
  /** Milliseconds the check took, for a sense of latency. */
  elapsedMs: number;
}

export type ConnectionChecks = Partial<Record<ConnectionKind, ConnectionCheck>>;

export interface BrokerConnection {
  /** The AMQP URL with the password masked. */
  url: string;
  hasPassword: boolean;
  /** The management API URL with any password masked; null when not configured. */
  managementUrl: string | null;
  hasManagementPassword: boolean;
  tls: { caPath: string | null; verify: boolean };
}

export interface ZookeeperConnection {
  hosts: string;
  /** TaskFlow job boards watched (settings.jobboards.paths), as create/patch take them. */
  jobboards?: string[];
  /** The root boards are discovered under (settings.jobboards.discover); null: no discovery. */
  discover?: string | null;
}

export interface Deployment {
  id: number;
  tenantId: number;
  name: string;
  createdAt: string;
  updatedAt: string;
  broker: BrokerConnection | null;
  zookeeper: ZookeeperConnection | null;
  /** Each capability's settings, defaults filled in. */
  settings: DeploymentSettings;
  /** The last test of each configured connection, if any was run. */
  checks: ConnectionChecks;
}

export type Door = 'desktop' | 'headless';

export interface AppInfo {
  version: string;
  door: Door;
  dataDir: string;
  /** What the door can do beyond the contract, so the UI shows only what works. */
  capabilities: { nativeFileDialogs: boolean };
}

/**
 * The data directory's health, on every page (a banner) and in `GET /api/v1/health`:
 * `full` while the store cannot be written for lack of space (nothing is stored or acked until
 * space frees), `low` while free space is short of what Tach keeps in reserve.
 */
export interface StoreHealth {
  state: 'ok' | 'low' | 'full';
  /** What the operator should know and do, in a sentence or two; null while ok. */
  message: string | null;
  dataDir: string;
  /** Free bytes on the data dir's file system; null where it cannot be read. */
  freeBytes: number | null;
  storeBytes: number;
  walBytes: number;
  /** ISO time the disk became full, while full. */
  fullSince: string | null;
  /** Whether the log file is being written (false: lines go to stderr only). */
  logFileWritable: boolean;
  logLinesDropped: number;
  lastBackup: { at: string; outcome: 'made' | 'skipped' | 'failed'; detail: string } | null;
}
