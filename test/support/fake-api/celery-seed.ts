import type { CeleryTaskDetail, CeleryWorker } from '../../../src/shared/domain/celery.ts';
import type { DeploymentCreateInput } from '../../../src/shared/contract/schemas.ts';
import type { Deployment } from '../../../src/shared/domain/types.ts';
import { createFakeApi } from './fake-api.ts';
import type { FakeApi } from './fake-api.ts';
import type { FakeCeleryData } from './fake-celery.ts';
import { seedDeployment, seedTenant } from './seed.ts';

export const NOW = Date.parse('2026-11-23T10:00:00.000Z');
export const at = (offsetSeconds: number): string => new Date(NOW + offsetSeconds * 1000).toISOString();

export function celeryWorker(hostname: string, overrides: Partial<CeleryWorker> = {}): CeleryWorker {
  return {
    hostname,
    status: 'online',
    lastHeartbeat: at(-1),
    freq: 2,
    active: 0,
    processed: 10,
    loadavg: [0.5, 0.4, 0.3],
    software: 'py-celery 5.2.6 (Linux)',
    pid: 4242,
    clockDrift: null,
    freqIgnored: null,
    firstSeen: at(-3600),
    offlineSince: null,
    ...overrides,
  };
}

export function celeryTask(uuid: string, overrides: Partial<CeleryTaskDetail> = {}): CeleryTaskDetail {
  return {
    uuid,
    name: 'tach.add',
    state: 'SUCCESS',
    worker: 'alpha@tach',
    args: '[2, 3]',
    kwargs: '{}',
    result: '5',
    exception: null,
    runtime: 0.012,
    retries: 0,
    sent: at(-10),
    received: at(-9.5),
    started: at(-9.4),
    succeeded: at(-9.388),
    failed: null,
    retried: null,
    revoked: null,
    rejected: null,
    lastEventAt: at(-9.388),
    clockSkewSent: null,
    truncated: null,
    traceback: null,
    eta: null,
    expires: null,
    rootId: uuid,
    parentId: null,
    ...overrides,
  };
}

/** A uuid-shaped id that sorts like its number, for predictable pages. */
export const uuidOf = (n: number): string => `${String(n).padStart(8, '0')}-0000-4000-8000-000000000000`;

/** `count` successful tasks, one a second, the newest (number count - 1) last. */
export const manyTasks = (count: number): CeleryTaskDetail[] =>
  Array.from({ length: count }, (_, n) => celeryTask(uuidOf(n), { lastEventAt: at(n - count), args: `[${n}, 1]` }));

/** A fake Api with a tenant and a Celery-monitored deployment (broker on, monitoring on) and its data. */
export async function seedCelery(
  data: Partial<FakeCeleryData> = {},
  deployment: Partial<Omit<DeploymentCreateInput, 'tenantId'>> = {},
  options: { latencyMs?: number } = {},
): Promise<{ api: FakeApi; deployment: Deployment; celery: Map<number, FakeCeleryData> }> {
  const celery = new Map<number, FakeCeleryData>();
  const api = createFakeApi({ celery, ...options });
  const tenant = await seedTenant(api, 'acme');
  const created = await seedDeployment(api, {
    tenantId: tenant.id,
    name: 'prod',
    broker: { url: 'amqp://tach@rabbit1:5672/' },
    celery: { enabled: true },
    ...deployment,
  });
  celery.set(created.id, { workers: [], tasks: [], rejected: [], ...data });
  return { api, deployment: created, celery };
}
