import { EventEmitter } from 'node:events';
import type { EventName, Events } from '../../../shared/contract/channels.ts';

type Listener = <E extends EventName>(event: E, payload: Events[E]) => void;

/**
 * The engine's pushed events, as the contract names them. A listener that throws is
 * reported and detached from nothing else: one broken window never silences the others.
 */
export class EventBus {
  readonly #emitter = new EventEmitter();
  readonly #onListenerError: (error: unknown) => void;

  constructor(onListenerError: (error: unknown) => void) {
    this.#emitter.setMaxListeners(0);
    this.#onListenerError = onListenerError;
  }

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const listener of this.#emitter.listeners('event') as Listener[]) {
      try {
        listener(event, payload);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }

  /** Every event, for a door to forward; returns the unsubscribe. */
  subscribe(listener: Listener): () => void {
    this.#emitter.on('event', listener);
    return () => this.#emitter.off('event', listener);
  }
}
