// The harness's public surface, for tests and for scripts (the demo) that need a private
// RabbitMQ and ZooKeeper on free loopback ports.
export {
  ALL_TEST_PACKAGES,
  BROWSER_PACKAGES,
  ensureDebianPackages,
  missingDebianPackages,
  PEER_PACKAGES,
  RABBITMQ_PACKAGES,
  ZOOKEEPER_PACKAGES,
} from './ensure-packages.ts';
export { startHarness } from './harness.ts';
export type { Harness, StartHarnessOptions } from './harness.ts';
export { startRabbitMq } from './rabbitmq.ts';
export type { RabbitMq, StartRabbitMqOptions } from './rabbitmq.ts';
export { startZooKeeper, ZOOKEEPER_CLASSPATH } from './zookeeper.ts';
export type { StartZooKeeperOptions, ZooKeeper } from './zookeeper.ts';
export { freePort } from './ports.ts';
export { CELERY_FIXTURES, sendCeleryTask, startCeleryWorker } from './celery-worker.ts';
export type { CeleryWorker, SendTaskOptions, StartCeleryWorkerOptions } from './celery-worker.ts';
