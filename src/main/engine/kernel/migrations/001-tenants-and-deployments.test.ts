import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openMemoryDatabase } from '../../store.ts';
import { tenantsAndDeployments } from './001-tenants-and-deployments.ts';
import { MIGRATIONS } from '../../migrations.ts';

const NOW = '2024-01-01T00:00:00.000Z';

const columns = (db: Database, table: string): string[] =>
  db
    .prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}') ORDER BY cid`)
    .all()
    .map((row) => row.name);

const count = (db: Database, table: string): number =>
  db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table}`).get()?.n ?? -1;

describe('migration 001: tenants and deployments', () => {
  let db: Database;

  beforeEach(() => {
    db = openMemoryDatabase([tenantsAndDeployments]);
  });

  afterEach(() => {
    db.close();
  });

  it('is the first step', () => {
    expect(tenantsAndDeployments.version).toBe(1);
    expect(MIGRATIONS[0]).toBe(tenantsAndDeployments);
  });

  it('creates the tables with their columns', () => {
    expect(columns(db, 'tenants')).toEqual(['id', 'name', 'created_at']);
    expect(columns(db, 'deployments')).toEqual([
      'id',
      'tenant_id',
      'name',
      'created_at',
      'updated_at',
      'broker_url',
      'broker_password',
      'management_url',
      'management_password',
      'tls_ca_path',
      'tls_verify',
      'zookeeper_hosts',
    ]);
    expect(columns(db, 'connection_checks')).toEqual([
      'deployment_id',
      'kind',
      'ok',
      'detail',
      'checked_at',
      'elapsed_ms',
    ]);
    const index = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'deployments_by_tenant'").get();
    expect(index).toEqual({ name: 'deployments_by_tenant' });
  });

  it('keeps tenant names unique regardless of case', () => {
    const insert = db.prepare('INSERT INTO tenants (name, created_at) VALUES (?, ?)');
    insert.run('Acme', NOW);
    expect(() => insert.run('ACME', NOW)).toThrow(/UNIQUE/);
    expect(() => insert.run('acme', NOW)).toThrow(/UNIQUE/);
    insert.run('Other', NOW);
    expect(count(db, 'tenants')).toBe(2);
  });

  it('keeps deployment names unique per tenant regardless of case, but not across tenants', () => {
    db.prepare("INSERT INTO tenants (id, name, created_at) VALUES (1, 'A', ?), (2, 'B', ?)").run(NOW, NOW);
    const insert = db.prepare('INSERT INTO deployments (tenant_id, name, created_at, updated_at) VALUES (?, ?, ?, ?)');
    insert.run(1, 'Prod', NOW, NOW);
    expect(() => insert.run(1, 'prod', NOW, NOW)).toThrow(/UNIQUE/);
    insert.run(2, 'prod', NOW, NOW);
    expect(count(db, 'deployments')).toBe(2);
  });

  it('defaults tls_verify to 1', () => {
    db.prepare("INSERT INTO tenants (id, name, created_at) VALUES (1, 'A', ?)").run(NOW);
    db.prepare("INSERT INTO deployments (tenant_id, name, created_at, updated_at) VALUES (1, 'd', ?, ?)").run(NOW, NOW);
    expect(db.prepare('SELECT tls_verify FROM deployments').get()).toEqual({ tls_verify: 1 });
  });

  it('refuses a check of an unknown kind and a deployment of a missing tenant', () => {
    db.prepare("INSERT INTO tenants (id, name, created_at) VALUES (1, 'A', ?)").run(NOW);
    db.prepare("INSERT INTO deployments (id, tenant_id, name, created_at, updated_at) VALUES (1, 1, 'd', ?, ?)").run(NOW, NOW);
    expect(() =>
      db
        .prepare("INSERT INTO connection_checks VALUES (1, 'smtp', 1, 'ok', ?, 3)")
        .run(NOW),
    ).toThrow(/CHECK/);
    expect(() =>
      db.prepare("INSERT INTO deployments (tenant_id, name, created_at, updated_at) VALUES (99, 'x', ?, ?)").run(NOW, NOW),
    ).toThrow(/FOREIGN KEY/);
  });

  it('deleting a tenant removes its deployments and their checks, and nothing of other tenants', () => {
    db.prepare("INSERT INTO tenants (id, name, created_at) VALUES (1, 'A', ?), (2, 'B', ?)").run(NOW, NOW);
    db.prepare(
      "INSERT INTO deployments (id, tenant_id, name, created_at, updated_at) VALUES (10, 1, 'a1', ?, ?), (11, 1, 'a2', ?, ?), (20, 2, 'b1', ?, ?)",
    ).run(NOW, NOW, NOW, NOW, NOW, NOW);
    db.prepare(
      "INSERT INTO connection_checks VALUES (10, 'broker', 1, 'ok', ?, 1), (10, 'zookeeper', 0, 'no', ?, 2), (20, 'broker', 1, 'ok', ?, 3)",
    ).run(NOW, NOW, NOW);

    db.prepare('DELETE FROM tenants WHERE id = 1').run();

    expect(db.prepare('SELECT id FROM deployments').all()).toEqual([{ id: 20 }]);
    expect(db.prepare('SELECT deployment_id, kind FROM connection_checks').all()).toEqual([
      { deployment_id: 20, kind: 'broker' },
    ]);
  });

  it('keeps one check per deployment and kind', () => {
    db.prepare("INSERT INTO tenants (id, name, created_at) VALUES (1, 'A', ?)").run(NOW);
    db.prepare("INSERT INTO deployments (id, tenant_id, name, created_at, updated_at) VALUES (1, 1, 'd', ?, ?)").run(NOW, NOW);
    const insert = db.prepare("INSERT INTO connection_checks VALUES (1, 'broker', 1, 'ok', ?, 3)");
    insert.run(NOW);
    expect(() => insert.run(NOW)).toThrow(/UNIQUE|PRIMARY KEY/);
  });
});
