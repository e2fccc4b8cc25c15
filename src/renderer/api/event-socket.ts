import type { ConnectionMonitor, ConnectionState } from './connection-state.ts';

export type RawEventListener = (event: string, payload: unknown) => void;

export interface EventSocket extends ConnectionMonitor {
  /** The socket is open only while at least one listener is subscribed. */
  subscribe(listener: RawEventListener): () => void;
}

/** The subset of WebSocket this module uses, so tests can hand in a fake. */
export interface SocketLike {
  onopen: ((event: Event) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  close(): void;
}

export interface EventSocketOptions {
  createSocket?: (url: string) => SocketLike;
  random?: () => number;
}

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 10_000;
const JITTER = 0.3;

/** One WebSocket carrying `{event, payload}` messages, reconnecting with backoff and jitter. */
export function createEventSocket(url: string, options: EventSocketOptions = {}): EventSocket {
  const createSocket = options.createSocket ?? ((target: string): SocketLike => new WebSocket(target));
  const random = options.random ?? Math.random;
  const listeners = new Set<RawEventListener>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = 'closed';
  let socket: SocketLike | null = null;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let teardownTimer: ReturnType<typeof setTimeout> | undefined;

  const setState = (next: ConnectionState) => {
    if (next === state) return;
    state = next;
    for (const listener of [...stateListeners]) listener(next);
  };

  const dispatch = (data: unknown) => {
    let message: unknown;
    try {
      message = JSON.parse(String(data));
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const { event, payload } = message as { event?: unknown; payload?: unknown };
    if (typeof event !== 'string') return;
    for (const listener of [...listeners]) {
      // A throwing listener must not stop the others or the socket.
      try {
        listener(event, payload);
      } catch (error) {
        reportError(error);
      }
    }
  };

  const scheduleRetry = () => {
    const base = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** attempt);
    attempt += 1;
    retryTimer = setTimeout(connect, base + random() * base * JITTER);
  };

  function connect() {
    retryTimer = undefined;
    if (state !== 'reconnecting') setState('connecting');
    let ws: SocketLike;
    try {
      ws = createSocket(url);
    } catch {
      setState('reconnecting');
      scheduleRetry();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      attempt = 0;
      setState('open');
    };
    ws.onmessage = (message) => {
      if (socket === ws) dispatch(message.data);
    };
    ws.onerror = () => {
      // A close event always follows; reconnecting is decided there.
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      setState('reconnecting');
      scheduleRetry();
    };
  }

  const teardown = () => {
    teardownTimer = undefined;
    clearTimeout(retryTimer);
    retryTimer = undefined;
    const ws = socket;
    socket = null;
    ws?.close();
    attempt = 0;
    setState('closed');
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      clearTimeout(teardownTimer);
      teardownTimer = undefined;
      if (socket === null && retryTimer === undefined) connect();
      return () => {
        if (!listeners.delete(listener) || listeners.size > 0) return;
        // Deferred so an unsubscribe/subscribe pair (React StrictMode, a remount) keeps the socket.
        teardownTimer ??= setTimeout(teardown, 0);
      };
    },
    connectionState: () => state,
    onConnectionChange(listener) {
      stateListeners.add(listener);
      return () => {
        stateListeners.delete(listener);
      };
    },
  };
}
