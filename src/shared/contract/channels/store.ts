import type { StoreHealth } from '../../domain/types.ts';
import { channel, event, output } from '../declare.ts';
import { restRoutes } from '../rest.ts';
import { empty } from '../schemas.ts';

export const storeChannels = {
  /** The data directory: disk full or nearly, store and WAL size, the log file, the last backup. */
  'store.health': channel(empty, output<StoreHealth>()),
};

export const storeEvents = {
  /** The data directory became full, nearly full, or has room again. */
  'store.changed': event<StoreHealth>(),
};

export const storeRoutes = restRoutes<keyof typeof storeChannels>([
  // The data dir's health (disk full or nearly, WAL, log file, last backup): for a script or a probe.
  { method: 'GET', path: '/api/v1/health', channel: 'store.health' },
]);
