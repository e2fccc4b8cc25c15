import type { Events, EventName, RequestChannel, RequestInput, RequestOutput } from './channels.ts';
import type { Result } from './result.ts';

/**
 * What the renderer is given, whichever door it came through (Electron preload or http).
 * `on` returns an unsubscribe function; the event object of the transport never leaks.
 */
export interface Api {
  invoke<C extends RequestChannel>(channel: C, input: RequestInput<C>): Promise<Result<RequestOutput<C>>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

/** The low-level bridge the preload puts on `window.tach`. */
export interface Bridge {
  invoke(channel: string, input: unknown): Promise<unknown>;
  on(listener: (event: string, payload: unknown) => void): () => void;
}
