import { useSyncExternalStore } from 'react';

// Heartbeat ages tick every second (a worker beating every 2 s must visibly age between beats).
// One shared timer for every subscriber, as components/use-now.ts does for the 5 s clock.
const TICK_MS = 1_000;
const subscribers = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setTimeout> | undefined;

const tick = () => {
  now = Date.now();
  for (const notify of subscribers) notify();
  timer = setTimeout(tick, TICK_MS - (Date.now() % TICK_MS));
};

const subscribe = (onTick: () => void) => {
  subscribers.add(onTick);
  if (timer === undefined) {
    now = Date.now();
    timer = setTimeout(tick, TICK_MS - (now % TICK_MS));
  }
  return () => {
    subscribers.delete(onTick);
    if (subscribers.size === 0) {
      clearTimeout(timer);
      timer = undefined;
    }
  };
};

/** Epoch ms, updated once a second while anything shows it. */
export function useSecondClock(): number {
  return useSyncExternalStore(subscribe, () => now);
}
