import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openMemoryDatabase } from '../../store.ts';
import { migrate } from '../store/migrate.ts';
import { tenantsAndDeployments } from './001-tenants-and-deployments.ts';
import { deploymentSettings } from './002-deployment-settings.ts';
import { MIGRATIONS } from '../../migrations.ts';

describe('migration 002: deployment settings', () => {
  let db: Database | undefined;
  afterEach(() => db?.close());

  it('is the second step', () => {
    expect(deploymentSettings.version).toBe(2);
    expect(MIGRATIONS[1]).toBe(deploymentSettings);
  });

  it('gives deployments that existed before an empty settings document', () => {
    db = openMemoryDatabase([tenantsAndDeployments]);
    db.exec(`INSERT INTO tenants (id, name, created_at) VALUES (1, 'acme', 'now');
             INSERT INTO deployments (id, tenant_id, name, created_at, updated_at) VALUES (7, 1, 'prod', 'now', 'now');`);
    migrate(db, [tenantsAndDeployments, deploymentSettings]);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(db.prepare('SELECT settings FROM deployments WHERE id = 7').get()).toEqual({ settings: '{}' });
  });

  it('refuses a settings value that is not JSON', () => {
    db = openMemoryDatabase([tenantsAndDeployments, deploymentSettings]);
    db.exec(`INSERT INTO tenants (id, name, created_at) VALUES (1, 'acme', 'now');`);
    expect(() =>
      db?.exec(`INSERT INTO deployments (tenant_id, name, created_at, updated_at, settings) VALUES (1, 'x', 'now', 'now', '{oops');`),
    ).toThrow(/CHECK constraint failed/);
  });
});
