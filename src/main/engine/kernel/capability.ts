import type { Database } from 'better-sqlite3';
import type { AlertSink } from './alerts/alert-signal.ts';
import type { DeploymentStore } from './deployments/deployment-store.ts';
import type { EventBus } from './event-bus.ts';
import type { Handlers, Platform } from './handler-types.ts';
import type { Logger } from './logging/logger.ts';
import type { MetricsSource } from './metrics/metrics-source.ts';
import type { SecretBox } from './secrets/secret-box.ts';
import type { Migration } from './store/migration.ts';
import type { StoreWriterThread } from './store/store-writer-thread.ts';

/** What the engine hands every capability: the kernel's shared parts, already started. */
export interface CapabilityContext {
  db: Database;
  deployments: DeploymentStore;
  secrets: SecretBox;
  events: EventBus;
  alerts: AlertSink;
  storeWriter: StoreWriterThread;
  platform: Platform;
  /** This installation's id (queue names carry it, so two consoles on one broker never share a queue). */
  installId: () => string;
  log: Logger;
  now: () => number;
}

/** One capability, running: started after the kernel, stopped before it, in the registry's order and its reverse. */
export interface CapabilityInstance<C extends keyof Handlers = never> {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** A handler for each of its channels (the contract's `<name>.*` and any it owns). */
  handlers: Pick<Handlers, C>;
  metrics: readonly MetricsSource[];
}

/**
 * A capability as the registry lists it: its store steps, and how to build it. Everything else
 * it needs comes through the context; it never imports another capability.
 */
export interface Capability<I extends CapabilityInstance = CapabilityInstance> {
  name: string;
  /** Its numbered store steps; the engine runs every capability's in one order, by version. */
  migrations: readonly Migration[];
  create(context: CapabilityContext): I;
}
