import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach } from 'vitest';
import { Router } from 'wouter';
import { memoryLocation } from 'wouter/memory-location';
import type { Api } from '../../shared/contract/api.ts';
import { ApiProvider } from '../api/api-context.tsx';

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(cleanup);

/** Renders with the providers main.tsx sets up, but an injected Api and an in-memory location. */
export function renderWithApi(ui: ReactNode, { api, path = '/' }: { api: Api; path?: string }) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const location = memoryLocation({ path, record: true });
  const result = render(
    <ApiProvider api={api}>
      <QueryClientProvider client={client}>
        <Router hook={location.hook}>{ui}</Router>
      </QueryClientProvider>
    </ApiProvider>,
  );
  return { ...result, location, client };
}
