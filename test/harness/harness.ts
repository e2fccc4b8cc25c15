import { stopOnSignals } from './exit-guard.ts';
import { startRabbitMq } from './rabbitmq.ts';
import type { RabbitMq, StartRabbitMqOptions } from './rabbitmq.ts';
import { startZooKeeper } from './zookeeper.ts';
import type { StartZooKeeperOptions, ZooKeeper } from './zookeeper.ts';

export interface Harness {
  rabbit: RabbitMq;
  zookeeper: ZooKeeper;
  /** Stops both services (concurrently) and removes the signal handlers. Idempotent. */
  stop(): Promise<void>;
}

export interface StartHarnessOptions {
  rabbit?: StartRabbitMqOptions;
  zookeeper?: StartZooKeeperOptions;
  /**
   * Stop both services on SIGINT/SIGTERM/SIGHUP and then exit (default true). The
   * services run in their own process groups, so a Ctrl-C never reaches them directly.
   */
  handleSignals?: boolean;
}

interface Stoppable {
  stop(): Promise<void>;
}

/** Starts RabbitMQ and ZooKeeper side by side; if either fails, the other is stopped again. */
export async function startHarness(options: StartHarnessOptions = {}): Promise<Harness> {
  const started: Stoppable[] = [];
  const stopStarted = async (): Promise<void> => {
    const results = await Promise.allSettled(started.map((service) => service.stop()));
    const failures = results.filter((result) => result.status === 'rejected');
    if (failures.length > 0) throw new AggregateError(failures.map((failure) => failure.reason), 'harness: stop failed');
  };
  // Installed before starting: an interrupt during the ~10 s boot must clean up too.
  // A service still booting at that moment is SIGKILLed by the exit hooks instead.
  const removeSignalHandlers = options.handleSignals === false ? () => undefined : stopOnSignals(stopStarted);
  const track = <T extends Stoppable>(service: T): T => {
    started.push(service);
    return service;
  };

  const [rabbit, zookeeper] = await Promise.allSettled([
    startRabbitMq(options.rabbit).then(track),
    startZooKeeper(options.zookeeper).then(track),
  ]);
  if (rabbit.status === 'rejected' || zookeeper.status === 'rejected') {
    await stopStarted().catch(() => undefined);
    removeSignalHandlers();
    const errors = [rabbit, zookeeper].flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    throw errors.length === 1 ? errors[0] : new AggregateError(errors, 'harness: RabbitMQ and ZooKeeper both failed to start');
  }

  let stopping: Promise<void> | undefined;
  return {
    rabbit: rabbit.value,
    zookeeper: zookeeper.value,
    stop() {
      stopping ??= stopStarted().finally(removeSignalHandlers);
      return stopping;
    },
  };
}
