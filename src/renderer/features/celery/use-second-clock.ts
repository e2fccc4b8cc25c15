import { createSharedClock } from '../../components/shared-clock.ts';

/** Epoch ms, updated once a second: a worker beating every 2 s must visibly age between beats. */
export const useSecondClock = createSharedClock(1_000);
