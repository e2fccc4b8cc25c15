import { useCallback, useSyncExternalStore } from 'react';
import { useApi } from './api-context.tsx';
import { hasConnectionMonitor } from './connection-state.ts';
import type { ConnectionState } from './connection-state.ts';

export function useConnectionState(): ConnectionState {
  const api = useApi();
  const subscribe = useCallback(
    (onChange: () => void) => (hasConnectionMonitor(api) ? api.onConnectionChange(onChange) : () => {}),
    [api],
  );
  const snapshot = () => (hasConnectionMonitor(api) ? api.connectionState() : 'open');
  return useSyncExternalStore(subscribe, snapshot);
}
