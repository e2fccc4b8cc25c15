import { describe, expect, it } from 'vitest';
import type { CeleryOverview } from '../../../../shared/domain/celery.ts';
import { renderExposition } from '../../kernel/metrics/metrics-exposition.ts';
import { openMemoryDatabase } from '../../store.ts';
import { DeploymentStore } from '../../kernel/deployments/deployment-store.ts';
import { celeryMetrics } from './celery-metrics.ts';
import type { CeleryService } from './celery-service.ts';

describe('Celery metrics', () => {
  it('exposes workers by status, tasks by state and the consumer, for deployments with Celery on only', () => {
    const db = openMemoryDatabase();
    db.exec(`
      INSERT INTO tenants (id, name, created_at) VALUES (1, 't', 'now');
      INSERT INTO deployments (id, tenant_id, name, created_at, updated_at, settings) VALUES (1, 1, 'fleet', 'now', 'now', '{"celery":{"enabled":true}}');
      INSERT INTO deployments (id, tenant_id, name, created_at, updated_at) VALUES (2, 1, 'off', 'now', 'now');
    `);
    const overview: CeleryOverview = {
      consumer: { state: 'consuming', detail: '', since: '', lastEventAt: null, rate: 0, eventsTotal: 0, rejectedTotal: 0 },
      workers: { online: 2, offline: 1 },
      tasksByState: { SUCCESS: 40, FAILURE: 3 },
    };
    const asked: number[] = [];
    const celery = { overview: (id: number) => (asked.push(id), overview) } as unknown as CeleryService;
    const text = renderExposition(celeryMetrics(celery, new DeploymentStore(db)).collect());
    expect(asked).toEqual([1]);
    expect(text).toContain('tach_celery_workers{deployment_id="1",deployment="fleet",status="online"} 2');
    expect(text).toContain('tach_celery_workers{deployment_id="1",deployment="fleet",status="offline"} 1');
    expect(text).toContain('tach_celery_tasks{deployment_id="1",deployment="fleet",state="FAILURE"} 3');
    expect(text).toContain('tach_celery_consumer_up{deployment_id="1",deployment="fleet"} 1');
    db.close();
  });
});
