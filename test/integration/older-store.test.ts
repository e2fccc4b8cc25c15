import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationEvent, NotificationEventDetail } from '../../src/shared/domain/notifications.ts';
import { DATABASE_FILE } from '../../src/main/engine/kernel/store/database.ts';
import { migrate } from '../../src/main/engine/kernel/store/migrate.ts';
import { MIGRATIONS } from '../../src/main/engine/migrations.ts';
import { startHeadlessProcess, type HeadlessProcess } from '../support/headless-process.ts';

// A store as a build with only migrations 001-005 left it (tenants, deployments, settings, Celery,
// broker health and notifications with their raw JSON beside each row, before key levels and raw
// blocks), with rows written the way that build wrote them; then today's Tach, as its own
// process, opens it, migrates it, and serves the old data through REST.
const OLDER = 5;
const NOTIFIER_MS = Date.UTC(2026, 0, 15, 9, 30, 0);

let dataDir: string;
let tach: HeadlessProcess;

function writeOlderStore(dir: string): void {
  const db = new BetterSqlite3(join(dir, DATABASE_FILE));
  try {
    db.pragma('journal_mode = WAL');
    migrate(db, MIGRATIONS.filter((step) => step.version <= OLDER));
    expect(db.pragma('user_version', { simple: true })).toBe(OLDER);
    const created = '2026-01-15T09:00:00.000Z';
    db.prepare('INSERT INTO tenants (id, name, created_at) VALUES (1, ?, ?)').run('legacy', created);
    db.prepare(
      `INSERT INTO deployments (id, tenant_id, name, created_at, updated_at, zookeeper_hosts, settings)
       VALUES (1, 1, 'old-cloud', ?, ?, NULL, '{}')`,
    ).run(created, created);
    const event = db.prepare(
      `INSERT INTO nova_events (id, deployment_id, message_id, at_us, received_at, event_type, publisher, service, host, instance, request_id,
         tenant, priority, exchange, queue, routing_key, state, old_state, task_state, old_task_state, format, is_error)
       VALUES (?, 1, ?, ?, ?, ?, ?, 'compute', 'old-host', 'inst-1', 'req-old-1', 'proj-old', ?, 'nova', 'monitor.info', ?, ?, NULL, NULL, NULL, 'v2', ?)`,
    );
    const raw = db.prepare('INSERT INTO nova_raw (event_id, raw) VALUES (?, ?)');
    const rows: [number, string, string, string, string, number][] = [
      [1, 'old-msg-1', 'compute.instance.create.start', 'INFO', 'building', 0],
      [2, 'old-msg-2', 'compute.instance.create.end', 'INFO', 'active', 0],
      [3, 'old-msg-3', 'compute.instance.delete.error', 'ERROR', 'error', 1],
    ];
    for (const [id, messageId, eventType, priority, state, isError] of rows) {
      const atMs = NOTIFIER_MS + id * 1000;
      event.run(id, messageId, atMs * 1000, atMs + 5, eventType, 'compute.old-host', priority, `monitor.${priority.toLowerCase()}`, state, isError);
      raw.run(id, JSON.stringify({ message_id: messageId, event_type: eventType, publisher_id: 'compute.old-host', priority, payload: { instance_id: 'inst-1', state } }));
    }
  } finally {
    db.close();
  }
}

async function rest<T>(path: string): Promise<T> {
  const response = await fetch(new URL(`api/v1/${path}`, tach.url));
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tach-older-store-'));
  writeOlderStore(dataDir);
  tach = await startHeadlessProcess(['--port', '0', '--data', dataDir, '--log-level', 'warn']);
}, 60_000);

afterAll(async () => {
  await tach?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('a store written by an older build (migrations 001-005)', () => {
  it('is migrated to the current schema by the real process', () => {
    const db = new BetterSqlite3(join(dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)?.version);
    } finally {
      db.close();
    }
  });

  it('serves its tenants and deployments', async () => {
    expect((await rest<{ id: number; name: string }[]>('tenants')).map((t) => [t.id, t.name])).toEqual([[1, 'legacy']]);
    expect((await rest<{ id: number; name: string }[]>('tenants/1/deployments')).map((d) => [d.id, d.name])).toEqual([[1, 'old-cloud']]);
  });

  it('serves its notifications, newest first, searchable, with the raw message kept', async () => {
    const events = await rest<NotificationEvent[]>('deployments/1/events?limit=100');
    expect(events.map((e) => [e.messageId, e.eventType, e.priority, e.isError])).toEqual([
      ['old-msg-3', 'compute.instance.delete.error', 'ERROR', true],
      ['old-msg-2', 'compute.instance.create.end', 'INFO', false],
      ['old-msg-1', 'compute.instance.create.start', 'INFO', false],
    ]);
    // The notifier's time, to the microsecond as oslo keeps it.
    expect(events[2]?.when).toBe(new Date(NOTIFIER_MS + 1000).toISOString().replace(/Z$/, '000Z'));
    expect((await rest<NotificationEvent[]>('deployments/1/events?request_id=req-old-1&priority=ERROR')).map((e) => e.messageId)).toEqual(['old-msg-3']);
    const detail = await rest<NotificationEventDetail>(`events/${events[1]?.id}`);
    expect(detail).toMatchObject({ messageId: 'old-msg-2', state: 'active', raw: { message_id: 'old-msg-2', payload: { state: 'active' } } });
  });
});
