import type { Migration } from '../store/migration.ts';

export const tenantsAndDeployments: Migration = {
  version: 1,
  name: 'tenants and deployments',
  up: `
    CREATE TABLE tenants (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL COLLATE NOCASE UNIQUE,
      created_at TEXT NOT NULL
    );

    -- Passwords live apart from the URLs, encrypted (scheme-tagged text, see secrets/),
    -- so a URL can be logged or shown without leaking anything.
    CREATE TABLE deployments (
      id INTEGER PRIMARY KEY,
      tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      name TEXT NOT NULL COLLATE NOCASE,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      broker_url TEXT,
      broker_password TEXT,
      management_url TEXT,
      management_password TEXT,
      tls_ca_path TEXT,
      tls_verify INTEGER NOT NULL DEFAULT 1,
      zookeeper_hosts TEXT,
      UNIQUE (tenant_id, name)
    );
    CREATE INDEX deployments_by_tenant ON deployments(tenant_id);

    -- The last test of each connection, so status shows at a glance after a restart.
    CREATE TABLE connection_checks (
      deployment_id INTEGER NOT NULL REFERENCES deployments(id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('broker', 'management', 'zookeeper')),
      ok INTEGER NOT NULL,
      detail TEXT NOT NULL,
      checked_at TEXT NOT NULL,
      elapsed_ms INTEGER NOT NULL,
      PRIMARY KEY (deployment_id, kind)
    );
  `,
};
