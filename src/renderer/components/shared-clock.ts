import { useSyncExternalStore } from 'react';

/**
 * A clock shared by every component that shows an age: one timer however many labels, so a table
 * of fifty ages re-renders once per tick, not on fifty timers. Ticks land on whole multiples of
 * `tickMs`, so ages shown side by side change together. It runs only while something subscribes.
 */
export function createSharedClock(tickMs: number): () => number {
  const subscribers = new Set<() => void>();
  let now = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const untilNextTick = () => tickMs - (Date.now() % tickMs);

  const tick = () => {
    now = Date.now();
    for (const notify of subscribers) notify();
    timer = setTimeout(tick, untilNextTick());
  };

  const subscribe = (onTick: () => void) => {
    subscribers.add(onTick);
    if (timer === undefined) {
      // The clock was idle; React re-reads the snapshot after subscribing and picks this up.
      now = Date.now();
      timer = setTimeout(tick, untilNextTick());
    }
    return () => {
      subscribers.delete(onTick);
      if (subscribers.size === 0) {
        clearTimeout(timer);
        timer = undefined;
      }
    };
  };

  return function useClock(): number {
    return useSyncExternalStore(subscribe, () => now);
  };
}
