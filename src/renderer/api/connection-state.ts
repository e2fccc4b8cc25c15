import type { Api } from '../../shared/contract/api.ts';

/**
 * The state of the live event feed. Only the http door has one that can drop;
 * the Electron bridge is always 'open'.
 */
export type ConnectionState = 'closed' | 'connecting' | 'open' | 'reconnecting';

export interface ConnectionMonitor {
  connectionState(): ConnectionState;
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
}

export const hasConnectionMonitor = (api: Api): api is Api & ConnectionMonitor =>
  typeof (api as Partial<ConnectionMonitor>).onConnectionChange === 'function' &&
  typeof (api as Partial<ConnectionMonitor>).connectionState === 'function';
