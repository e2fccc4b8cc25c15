import type { Logger } from '../logging/logger.ts';

/**
 * idle: never started. connecting: the first attempt after start(). open: connected (setups may
 * still be failing; see `setups`). reconnecting: an attempt failed or the connection was lost, and
 * the session is waiting or trying again. stopped: stop() was called.
 */
export type AmqpSessionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'stopped';

/** waiting: no connection to run on. running: on its channel now. failed: will be retried. */
export type SetupState = 'waiting' | 'running' | 'ready' | 'failed';

export interface SetupStatus {
  name: string;
  state: SetupState;
  ok: boolean;
  /** A sentence: "Ready.", or why it failed and when it is retried. */
  detail: string;
  /** Failures in a row on this connection (reset when the setup stayed up ~10 s or on reconnect). */
  failures: number;
  since: string;
}

export interface AmqpSessionStatus {
  name: string;
  state: AmqpSessionState;
  /** What a person should read: where it is connected, or what went wrong and what happens next. */
  detail: string;
  /** When `state` last changed (ISO 8601). */
  since: string;
  /** The last failure sentence (connection or setup), kept after recovery; null if none yet. */
  lastError: string | null;
  /** Connection attempts since start() or since the last connection that stayed up. */
  attempt: number;
  /** The broker's reason while it blocks publishers (memory or disk alarm), else null. */
  blocked: string | null;
  /** "RabbitMQ 3.10.8" once connected. */
  server: string | null;
  setups: SetupStatus[];
}

export type StatusListener<T> = (status: T) => void;

/** Fans a status out; a listener that throws is logged and never reaches the connection code. */
export class StatusListeners<T> {
  readonly #listeners = new Set<StatusListener<T>>();
  readonly #log: Logger;

  constructor(log: Logger) {
    this.#log = log;
  }

  add(listener: StatusListener<T>): () => void {
    // Wrapped, so the same function added twice gets two independent subscriptions.
    const entry: StatusListener<T> = (status) => listener(status);
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  emit(status: T): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(status);
      } catch (error) {
        this.#log.error('A status listener threw; the session carries on', { err: error });
      }
    }
  }

  clear(): void {
    this.#listeners.clear();
  }
}
