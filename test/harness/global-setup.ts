import type { TestProject } from 'vitest/node';
import { startHarness } from './harness.ts';
import type {} from './provided-context.ts';

/**
 * One RabbitMQ and one ZooKeeper for the whole integration run (fileParallelism is off,
 * so test files take turns; each should use its own queue/znode names anyway).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const harness = await startHarness();
  const { rabbit, zookeeper } = harness;
  process.stderr.write(
    `[harness] RabbitMQ ${rabbit.amqpUrl} (management ${rabbit.managementUrl}) and ZooKeeper ${zookeeper.hosts} ready in ${Date.now() - started} ms\n`,
  );
  project.provide('rabbit', {
    amqpUrl: rabbit.amqpUrl,
    managementUrl: rabbit.managementUrl,
    amqpPort: rabbit.amqpPort,
    amqpsUrl: rabbit.amqpsUrl,
    caFile: rabbit.caFile,
    managementPort: rabbit.managementPort,
    user: rabbit.user,
    password: rabbit.password,
  });
  project.provide('zookeeper', { hosts: zookeeper.hosts });
  return () => harness.stop();
}
