import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach } from 'vitest';
import { refusedPort } from '../../../../../test/support/refused-port.ts';
import type { EventName, Events } from '../../../../shared/contract/channels.ts';
import type { Result } from '../../../../shared/contract/result.ts';
import type { Deployment, Tenant } from '../../../../shared/domain/types.ts';
import { Engine } from '../../engine.ts';
import { silentLogger } from '../logging/logger.ts';
import { KeyFileCipher } from '../secrets/key-file-cipher.ts';
import { SecretBox } from '../secrets/secret-box.ts';
import { DATABASE_FILE } from '../store/database.ts';

// The shared setup of the deployment tests (deployment-*.test.ts): a real engine on a temp data
// dir with one tenant, the events it emitted, and helpers to read the stored row behind the doors.

export const PASSWORD = 'Zq9-very-distinct-pw';

export interface Row {
  broker_url: string | null;
  broker_password: string | null;
  management_url: string | null;
  management_password: string | null;
  tls_ca_path: string | null;
  tls_verify: number;
  zookeeper_hosts: string | null;
}

export function value<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value as T;
}

export function errorOf(result: Result<unknown>) {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  return result.error;
}

/** A loopback port where connecting is refused. */
export const closedPort = refusedPort;

export interface DeploymentTestEngine {
  dir: string;
  engine: Engine;
  secrets: SecretBox;
  tenant: Tenant;
  events: { event: EventName; payload: Events[EventName] }[];
  row(id: number): Row;
  create(input: Record<string, unknown>): Promise<Deployment>;
  update(input: Record<string, unknown>): Promise<Deployment>;
  /** A management API stand-in that records the credentials it was sent. */
  recordingManagement(): Promise<{ url: string; seen: string[] }>;
}

/** Registers before/after hooks; the returned object's fields are fresh in every test. */
export function useDeploymentEngine(): DeploymentTestEngine {
  const servers: HttpServer[] = [];
  const t = {
    row(id: number): Row {
      const db = new BetterSqlite3(join(t.dir, DATABASE_FILE), { readonly: true });
      try {
        const found = db.prepare<[number], Row>('SELECT * FROM deployments WHERE id = ?').get(id);
        if (!found) throw new Error(`no row ${id}`);
        return found;
      } finally {
        db.close();
      }
    },
    // Broker health would poll a management stand-in in the background and add its own calls to
    // what these tests count; they are about checks and storage, so it is off unless asked for.
    create: async (input: Record<string, unknown>) =>
      value<Deployment>(await t.engine.dispatch('deployments.create', { tenantId: t.tenant.id, name: 'prod', brokerHealth: { enabled: false }, ...input })),
    update: async (input: Record<string, unknown>) => value<Deployment>(await t.engine.dispatch('deployments.update', input)),
    async recordingManagement() {
      const seen: string[] = [];
      const server = createHttpServer((request, response) => {
        const basic = /^Basic (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
        seen.push(Buffer.from(basic, 'base64').toString('utf8'));
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ rabbitmq_version: '3.13.0' }));
      });
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      return { url: `http://127.0.0.1:${port}`, seen };
    },
  } as DeploymentTestEngine;

  beforeEach(async () => {
    t.dir = mkdtempSync(join(tmpdir(), 'tach-deployments-'));
    t.secrets = new SecretBox(new KeyFileCipher(Buffer.alloc(32, 7)));
    t.engine = new Engine({ dataDir: t.dir, door: 'headless', version: '0.0.0-test', log: silentLogger(), secrets: t.secrets });
    await t.engine.start();
    t.tenant = value<Tenant>(await t.engine.dispatch('tenants.create', { name: 'Acme' }));
    t.events = [];
    t.engine.subscribe((event, payload) => t.events.push({ event, payload }));
  });

  afterEach(async () => {
    await t.engine.stop();
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    rmSync(t.dir, { recursive: true, force: true });
  });

  return t;
}
