import { QueryClient } from '@tanstack/react-query';
import { isRequestError } from './request-error.ts';

/**
 * Only an unreachable server is worth retrying; a not_found or invalid_input will say the same again.
 * Data stays fresh through events, so focus refetches would only add noise.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failures, error) => isRequestError(error) && error.code === 'unavailable' && failures < 2,
        refetchOnWindowFocus: false,
        staleTime: 30_000,
      },
      mutations: { retry: false },
    },
  });
}
