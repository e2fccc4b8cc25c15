import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_NOTIFICATION_SETTINGS, type NotificationSettings } from '../../../../shared/domain/settings.ts';
import type { AmqpSession } from '../../kernel/amqp/amqp-session.ts';
import { silentLogger } from '../../kernel/logging/logger.ts';
import { openMemoryDatabase } from '../../store.ts';
import { inlineNotificationWriter } from './store/notification-batch-writer.ts';
import { NotificationStore } from './store/notification-store.ts';
import { decodeNotification } from './decode-notification.ts';
import { NotificationConsumer } from './notification-consumer.ts';

// Retention as the consumer runs it every minute: by size without counting the table each time, then by age.
const NOW = Date.UTC(2026, 10, 23, 12);

function seed(store: NotificationStore, count: number, hoursAgo: number): void {
  const batch = Array.from({ length: count }, (_, i) => {
    const at = new Date(NOW - hoursAgo * 3_600_000 + i).toISOString().replace('T', ' ').replace('Z', '');
    const body = Buffer.from(JSON.stringify({ message_id: `${hoursAgo}-${i}`, publisher_id: 'compute.h', event_type: 'compute.instance.exists', timestamp: at, payload: {} }));
    const decoded = decodeNotification(body);
    if (!decoded.ok) throw new Error(decoded.reason);
    return { notification: decoded.notification, exchange: 'nova', queue: 'q', routingKey: 'q', receivedAt: NOW, body };
  });
  store.save(1, batch);
}

describe('NotificationConsumer retention', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('keeps at most maxEvents raw events, and none older than maxAgeHours', async () => {
    const db = openMemoryDatabase();
    db.exec(`INSERT INTO tenants (id, name, created_at) VALUES (1, 'a', 'n');
      INSERT INTO deployments (id, tenant_id, name, created_at, updated_at) VALUES (1, 1, 'p', 'n', 'n')`);
    const store = new NotificationStore(db);
    seed(store, 1500, 1);
    seed(store, 300, 200);
    let settings: NotificationSettings = { ...DEFAULT_NOTIFICATION_SETTINGS, queues: [], retention: { maxAgeHours: 1000, maxEvents: 1200 } };
    const session = { addSetup: () => async () => {} } as unknown as AmqpSession;
    const consumer = new NotificationConsumer({ deploymentId: 1, session, store, writer: inlineNotificationWriter(store), settings: () => settings, log: silentLogger(), now: () => NOW, onChange: () => {} });
    consumer.start();
    // A run deletes in chunks and yields to ingest between them: a few (fake) milliseconds more.
    await vi.advanceTimersByTimeAsync(60_010);
    expect(store.storedCount(1)).toBe(1200);
    // The oldest went first: none of the 200-hour-old events is left.
    expect(store.events(1, { limit: 1, untilUs: (NOW - 100 * 3_600_000) * 1000 })).toEqual([]);
    settings = { ...settings, retention: { maxAgeHours: 0.5, maxEvents: 1200 } };
    await vi.advanceTimersByTimeAsync(60_010);
    expect(store.storedCount(1)).toBe(0);
    // The raw blocks went with their events.
    expect(db.prepare('SELECT count(*) FROM nova_raw_blocks').pluck().get()).toBe(0);
    await consumer.stop();
    db.close();
  });
});

