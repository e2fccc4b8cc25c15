import type { Database } from 'better-sqlite3';
import type { Tenant } from '../../../../shared/domain/types.ts';

interface TenantRow {
  id: number;
  name: string;
  created_at: string;
  deployment_count: number;
}

const toTenant = (row: TenantRow): Tenant => ({
  id: row.id,
  name: row.name,
  createdAt: row.created_at,
  deploymentCount: row.deployment_count,
});

const SELECT = `
  SELECT t.id, t.name, t.created_at,
         (SELECT count(*) FROM deployments d WHERE d.tenant_id = t.id) AS deployment_count
  FROM tenants t`;

/** All SQL about tenants, prepared once. */
export class TenantStore {
  readonly #list;
  readonly #get;
  readonly #findByName;
  readonly #insert;
  readonly #rename;
  readonly #remove;

  constructor(db: Database) {
    this.#list = db.prepare<[], TenantRow>(`${SELECT} ORDER BY t.name`);
    this.#get = db.prepare<[number], TenantRow>(`${SELECT} WHERE t.id = ?`);
    this.#findByName = db.prepare<[string], { id: number }>('SELECT id FROM tenants WHERE name = ?');
    this.#insert = db.prepare<[string, string]>('INSERT INTO tenants (name, created_at) VALUES (?, ?)');
    this.#rename = db.prepare<[string, number]>('UPDATE tenants SET name = ? WHERE id = ?');
    this.#remove = db.prepare<[number]>('DELETE FROM tenants WHERE id = ?');
  }

  list(): Tenant[] {
    return this.#list.all().map(toTenant);
  }

  get(id: number): Tenant | undefined {
    const row = this.#get.get(id);
    return row && toTenant(row);
  }

  /** Names are unique regardless of case (the column collates NOCASE). */
  idByName(name: string): number | undefined {
    return this.#findByName.get(name)?.id;
  }

  insert(name: string, now: string): number {
    return Number(this.#insert.run(name, now).lastInsertRowid);
  }

  rename(id: number, name: string): boolean {
    return this.#rename.run(name, id).changes > 0;
  }

  remove(id: number): boolean {
    return this.#remove.run(id).changes > 0;
  }
}
