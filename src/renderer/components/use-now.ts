import { createSharedClock } from './shared-clock.ts';

/** Epoch ms, updated every 5 s while anything shows it: enough for "3 min ago" labels. */
export const useNow = createSharedClock(5_000);
