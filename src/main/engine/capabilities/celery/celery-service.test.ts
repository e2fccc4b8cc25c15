import { describe, expect, it, vi } from 'vitest';
import { EventBus } from '../../kernel/event-bus.ts';
import { silentLogger } from '../../kernel/logging/logger.ts';
import { KeyFileCipher } from '../../kernel/secrets/key-file-cipher.ts';
import { SecretBox } from '../../kernel/secrets/secret-box.ts';
import type { CeleryStore } from './store/celery-store.ts';
import type { CeleryStatsStore } from './store/celery-stats-store.ts';
import type { DeploymentStore } from '../../kernel/deployments/deployment-store.ts';
import type { SnapshotStore } from './store/snapshot-store.ts';
import { CeleryService } from './celery-service.ts';

/** A service over stand-in stores whose count by state takes `costMs` of busy time. */
function serviceCounting(costMs: number) {
  let counted = 0;
  const store = {
    countsByState: () => {
      counted += 1;
      const until = performance.now() + costMs;
      while (performance.now() < until) {
        // Busy, as a table scan is: the cost is what the policy measures.
      }
      return { SUCCESS: counted };
    },
    workers: () => [],
    rejectedCount: () => 0,
  } as unknown as CeleryStore;
  const deployments = { get: () => ({ id: 1, settings: '{}' }) } as unknown as DeploymentStore;
  const service = new CeleryService({
    store,
    stats: {} as CeleryStatsStore,
    snapshots: {} as SnapshotStore,
    deployments,
    secrets: new SecretBox(new KeyFileCipher(Buffer.alloc(32, 1))),
    events: new EventBus(() => {}),
    log: silentLogger(),
    now: () => Date.now(),
  });
  return { service, counted: () => counted };
}

describe('CeleryService overview counts', () => {
  it('counts afresh each time while counting is cheap', () => {
    const { service, counted } = serviceCounting(0);
    service.overview(1);
    service.overview(1);
    expect(counted()).toBe(2);
  });

  it('reuses an expensive count for 20 times its cost, then counts again', async () => {
    const { service, counted } = serviceCounting(15);
    expect(service.overview(1).tasksByState).toEqual({ SUCCESS: 1 });
    expect(service.overview(1).tasksByState).toEqual({ SUCCESS: 1 });
    expect(counted()).toBe(1);
    // The reuse lasts 20x the measured cost, which a loaded machine stretches: wait for the recount.
    await new Promise((resolve) => setTimeout(resolve, 15 * 20 + 20));
    await vi.waitFor(() => expect(service.overview(1).tasksByState).toEqual({ SUCCESS: 2 }), { timeout: 10_000, interval: 100 });
  });
});
