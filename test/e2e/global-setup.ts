import type { FullConfig } from '@playwright/test';
import { startHarness } from '../harness/harness.ts';

/** One RabbitMQ and one ZooKeeper for the whole run; tests read where they are from the environment. */
export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  const harness = await startHarness();
  process.env.TACH_E2E_AMQP_URL = harness.rabbit.amqpUrl;
  process.env.TACH_E2E_MANAGEMENT_URL = harness.rabbit.managementUrl;
  process.env.TACH_E2E_ZOOKEEPER = harness.zookeeper.hosts;
  return () => harness.stop();
}
