import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionState } from './connection-state.ts';
import { createEventSocket } from './event-socket.ts';
import type { SocketLike } from './event-socket.ts';

class FakeSocket implements SocketLike {
  onopen: SocketLike['onopen'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  onmessage: SocketLike['onmessage'] = null;
  closed = false;

  open() {
    this.onopen?.(new Event('open'));
  }
  send(message: unknown) {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(message) }));
  }
  drop() {
    this.onclose?.(new CloseEvent('close'));
  }
  close() {
    this.closed = true;
  }
}

function setup() {
  const sockets: FakeSocket[] = [];
  const events = createEventSocket('ws://tach/events', {
    createSocket: () => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket;
    },
    random: () => 0,
  });
  const states: ConnectionState[] = [];
  events.onConnectionChange((state) => states.push(state));
  return { events, sockets, states, last: () => sockets.at(-1)! };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createEventSocket', () => {
  it('opens one socket for all listeners and delivers {event, payload}', () => {
    const { events, sockets, last } = setup();
    const first = vi.fn();
    const second = vi.fn();
    events.subscribe(first);
    events.subscribe(second);
    last().open();
    last().send({ event: 'entities.changed', payload: { kind: 'tenant', id: 1, action: 'created' } });

    expect(sockets).toHaveLength(1);
    expect(first).toHaveBeenCalledWith('entities.changed', { kind: 'tenant', id: 1, action: 'created' });
    expect(second).toHaveBeenCalledOnce();
    expect(events.connectionState()).toBe('open');
  });

  it('keeps delivering when one listener throws', () => {
    const { events, last } = setup();
    vi.stubGlobal('reportError', vi.fn());
    const after = vi.fn();
    events.subscribe(() => {
      throw new Error('listener bug');
    });
    events.subscribe(after);
    last().open();
    last().send({ event: 'deployment.checked', payload: {} });

    expect(after).toHaveBeenCalledOnce();
    expect(reportError).toHaveBeenCalledOnce();
    vi.unstubAllGlobals();
  });

  it('reconnects with doubling delays capped at 10 s, and reports reconnecting meanwhile', () => {
    const { events, sockets, states, last } = setup();
    events.subscribe(() => {});
    last().open();
    last().drop();
    expect(events.connectionState()).toBe('reconnecting');

    const delays = [500, 1000, 2000, 4000, 8000, 10_000, 10_000];
    for (const delay of delays) {
      const before = sockets.length;
      vi.advanceTimersByTime(delay - 1);
      expect(sockets).toHaveLength(before);
      vi.advanceTimersByTime(1);
      expect(sockets).toHaveLength(before + 1);
      last().drop();
    }

    vi.advanceTimersByTime(10_000);
    last().open();
    expect(states).toEqual(['connecting', 'open', 'reconnecting', 'open']);

    // After a successful open the backoff starts over.
    last().drop();
    const before = sockets.length;
    vi.advanceTimersByTime(500);
    expect(sockets).toHaveLength(before + 1);
  });

  it('closes the socket and stops retrying once the last listener leaves', () => {
    const { events, sockets, last } = setup();
    const unsubscribe = events.subscribe(() => {});
    last().open();
    unsubscribe();
    vi.advanceTimersByTime(0);

    expect(last().closed).toBe(true);
    expect(events.connectionState()).toBe('closed');
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
  });

  it('keeps the socket through an unsubscribe immediately followed by a subscribe', () => {
    const { events, sockets, last } = setup();
    events.subscribe(() => {})();
    events.subscribe(() => {});
    vi.advanceTimersByTime(0);

    expect(sockets).toHaveLength(1);
    expect(last().closed).toBe(false);
  });
});
