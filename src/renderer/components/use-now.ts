import { useSyncExternalStore } from 'react';

// One shared clock for every age label, so a table of fifty ages re-renders once per tick, not fifty timers.
const TICK_MS = 5_000;
const subscribers = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setTimeout> | undefined;

const tick = () => {
  now = Date.now();
  for (const notify of subscribers) notify();
  timer = setTimeout(tick, TICK_MS);
};

const subscribe = (onTick: () => void) => {
  subscribers.add(onTick);
  if (timer === undefined) {
    // The clock was idle; React re-reads the snapshot after subscribing and picks this up.
    now = Date.now();
    timer = setTimeout(tick, TICK_MS);
  }
  return () => {
    subscribers.delete(onTick);
    if (subscribers.size === 0) {
      clearTimeout(timer);
      timer = undefined;
    }
  };
};

export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}
