import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import type { Api } from '../../shared/contract/api.ts';

const ApiContext = createContext<Api | null>(null);

export function ApiProvider({ api, children }: { api: Api; children: ReactNode }) {
  return <ApiContext value={api}>{children}</ApiContext>;
}

export function useApi(): Api {
  const api = useContext(ApiContext);
  if (api === null) {
    throw new Error('useApi() was called outside <ApiProvider>: wrap the app (or the test) in <ApiProvider api={…}>.');
  }
  return api;
}
