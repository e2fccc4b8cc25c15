import type { Database } from 'better-sqlite3';
import type { ConnectionCheck, ConnectionKind } from '../../../../shared/domain/types.ts';
import { writeTransaction } from '../store/database.ts';

/** A deployment as stored: URLs without passwords, passwords as sealed secrets. */
export interface DeploymentRecord {
  id: number;
  tenantId: number;
  name: string;
  createdAt: string;
  updatedAt: string;
  brokerUrl: string | null;
  brokerPassword: string | null;
  managementUrl: string | null;
  managementPassword: string | null;
  tlsCaPath: string | null;
  tlsVerify: boolean;
  zookeeperHosts: string | null;
  /** The settings document, JSON (see deployments/deployment-settings.ts). */
  settings: string;
}

export type DeploymentFields = Omit<DeploymentRecord, 'id' | 'tenantId' | 'createdAt' | 'updatedAt'>;

interface DeploymentRow {
  id: number;
  tenant_id: number;
  name: string;
  created_at: string;
  updated_at: string;
  broker_url: string | null;
  broker_password: string | null;
  management_url: string | null;
  management_password: string | null;
  tls_ca_path: string | null;
  tls_verify: number;
  zookeeper_hosts: string | null;
  settings: string;
}

interface CheckRow {
  deployment_id: number;
  kind: ConnectionKind;
  ok: number;
  detail: string;
  checked_at: string;
  elapsed_ms: number;
}

const toRecord = (row: DeploymentRow): DeploymentRecord => ({
  id: row.id,
  tenantId: row.tenant_id,
  name: row.name,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  brokerUrl: row.broker_url,
  brokerPassword: row.broker_password,
  managementUrl: row.management_url,
  managementPassword: row.management_password,
  tlsCaPath: row.tls_ca_path,
  tlsVerify: row.tls_verify === 1,
  zookeeperHosts: row.zookeeper_hosts,
  settings: row.settings,
});

const toCheck = (row: CheckRow): ConnectionCheck => ({
  ok: row.ok === 1,
  detail: row.detail,
  checkedAt: row.checked_at,
  elapsedMs: row.elapsed_ms,
});

const fieldParams = (fields: DeploymentFields) => ({
  name: fields.name,
  broker_url: fields.brokerUrl,
  broker_password: fields.brokerPassword,
  management_url: fields.managementUrl,
  management_password: fields.managementPassword,
  tls_ca_path: fields.tlsCaPath,
  tls_verify: fields.tlsVerify ? 1 : 0,
  zookeeper_hosts: fields.zookeeperHosts,
  settings: fields.settings,
});

type FieldParams = ReturnType<typeof fieldParams>;

/** All SQL about deployments and their last connection checks, prepared once. */
export class DeploymentStore {
  readonly #db: Database;
  readonly #listByTenant;
  readonly #get;
  readonly #allIds;
  readonly #findByName;
  readonly #insert;
  readonly #update;
  readonly #remove;
  readonly #checksFor;
  readonly #saveCheck;
  readonly #clearCheck;

  constructor(db: Database) {
    this.#db = db;
    this.#listByTenant = db.prepare<[number], DeploymentRow>(
      'SELECT * FROM deployments WHERE tenant_id = ? ORDER BY name',
    );
    this.#get = db.prepare<[number], DeploymentRow>('SELECT * FROM deployments WHERE id = ?');
    this.#allIds = db.prepare<[], { id: number }>('SELECT id FROM deployments ORDER BY id');
    this.#findByName = db.prepare<[number, string], { id: number }>(
      'SELECT id FROM deployments WHERE tenant_id = ? AND name = ?',
    );
    this.#insert = db.prepare<[FieldParams & { tenant_id: number; now: string }]>(`
      INSERT INTO deployments (tenant_id, name, created_at, updated_at, broker_url, broker_password,
        management_url, management_password, tls_ca_path, tls_verify, zookeeper_hosts, settings)
      VALUES (@tenant_id, @name, @now, @now, @broker_url, @broker_password,
        @management_url, @management_password, @tls_ca_path, @tls_verify, @zookeeper_hosts, @settings)`);
    this.#update = db.prepare<[FieldParams & { id: number; now: string }]>(`
      UPDATE deployments SET name = @name, updated_at = @now, broker_url = @broker_url,
        broker_password = @broker_password, management_url = @management_url,
        management_password = @management_password, tls_ca_path = @tls_ca_path,
        tls_verify = @tls_verify, zookeeper_hosts = @zookeeper_hosts, settings = @settings
      WHERE id = @id`);
    this.#remove = db.prepare<[number]>('DELETE FROM deployments WHERE id = ?');
    this.#checksFor = db.prepare<[number], CheckRow>('SELECT * FROM connection_checks WHERE deployment_id = ?');
    this.#saveCheck = db.prepare<[CheckRow]>(`
      INSERT INTO connection_checks (deployment_id, kind, ok, detail, checked_at, elapsed_ms)
      VALUES (@deployment_id, @kind, @ok, @detail, @checked_at, @elapsed_ms)
      ON CONFLICT (deployment_id, kind) DO UPDATE SET ok = excluded.ok, detail = excluded.detail,
        checked_at = excluded.checked_at, elapsed_ms = excluded.elapsed_ms`);
    this.#clearCheck = db.prepare<[number, string]>(
      'DELETE FROM connection_checks WHERE deployment_id = ? AND kind = ?',
    );
  }

  listByTenant(tenantId: number): DeploymentRecord[] {
    return this.#listByTenant.all(tenantId).map(toRecord);
  }

  allIds(): number[] {
    return this.#allIds.all().map((row) => row.id);
  }

  get(id: number): DeploymentRecord | undefined {
    const row = this.#get.get(id);
    return row && toRecord(row);
  }

  idByName(tenantId: number, name: string): number | undefined {
    return this.#findByName.get(tenantId, name)?.id;
  }

  insert(tenantId: number, fields: DeploymentFields, now: string): number {
    return Number(this.#insert.run({ ...fieldParams(fields), tenant_id: tenantId, now }).lastInsertRowid);
  }

  /** Saves the fields and forgets checks of connections whose target changed: they no longer say anything. */
  update(id: number, fields: DeploymentFields, staleChecks: readonly ConnectionKind[], now: string): void {
    writeTransaction(this.#db, () => {
      this.#update.run({ ...fieldParams(fields), id, now });
      for (const kind of staleChecks) this.#clearCheck.run(id, kind);
    })();
  }

  remove(id: number): boolean {
    return this.#remove.run(id).changes > 0;
  }

  checks(id: number): Partial<Record<ConnectionKind, ConnectionCheck>> {
    const checks: Partial<Record<ConnectionKind, ConnectionCheck>> = {};
    for (const row of this.#checksFor.all(id)) checks[row.kind] = toCheck(row);
    return checks;
  }

  saveChecks(id: number, checks: Partial<Record<ConnectionKind, ConnectionCheck>>): void {
    writeTransaction(this.#db, () => {
      for (const [kind, check] of Object.entries(checks) as [ConnectionKind, ConnectionCheck][]) {
        this.#saveCheck.run({
          deployment_id: id,
          kind,
          ok: check.ok ? 1 : 0,
          detail: check.detail,
          checked_at: check.checkedAt,
          elapsed_ms: check.elapsedMs,
        });
      }
    })();
  }
}
