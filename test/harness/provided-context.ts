// What the integration project's globalSetup hands to tests through inject(). Only
// plain JSON can cross from the main process to the test workers, so no stop()/pid().

export interface ProvidedRabbit {
  amqpUrl: string;
  managementUrl: string;
  amqpPort: number;
  amqpsUrl: string;
  caFile: string;
  managementPort: number;
  user: string;
  password: string;
}

export interface ProvidedZooKeeper {
  hosts: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    rabbit: ProvidedRabbit;
    zookeeper: ProvidedZooKeeper;
  }
}
