import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventBus } from '../../kernel/event-bus.ts';
import { silentLogger } from '../../kernel/logging/logger.ts';
import { KeyFileCipher } from '../../kernel/secrets/key-file-cipher.ts';
import { SecretBox } from '../../kernel/secrets/secret-box.ts';
import type { CeleryStore } from './store/celery-store.ts';
import type { CeleryStatsStore } from './store/celery-stats-store.ts';
import type { DeploymentStore } from '../../kernel/deployments/deployment-store.ts';
import type { SnapshotStore } from './store/snapshot-store.ts';
import { CeleryService } from './celery-service.ts';

// The policy measures the count's cost with performance.now(): a clock of the test's own makes
// every count cost exactly what the test says, however loaded the machine is.
let clock = 0;
beforeEach(() => {
  clock = 1_000;
  vi.spyOn(performance, 'now').mockImplementation(() => clock);
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** A service over stand-in stores whose count by state takes `costMs` on the clock. */
function serviceCounting(costMs: number) {
  let counted = 0;
  const store = {
    countsByState: () => {
      counted += 1;
      clock += costMs; // as a table scan would take
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
  it('counts afresh each time while counting is cheap (up to 5 ms)', () => {
    const { service, counted } = serviceCounting(5);
    service.overview(1);
    service.overview(1);
    expect(counted()).toBe(2);
  });

  it('reuses an expensive count for 20 times its cost, then counts again', () => {
    const { service, counted } = serviceCounting(15);
    const countedAt = clock;
    expect(service.overview(1).tasksByState).toEqual({ SUCCESS: 1 });
    // Reused until 20x its cost has passed since the count began.
    clock = countedAt + 15 * 20 - 1;
    expect(service.overview(1).tasksByState).toEqual({ SUCCESS: 1 });
    expect(counted()).toBe(1);
    clock += 1;
    expect(service.overview(1).tasksByState).toEqual({ SUCCESS: 2 });
  });
});
