import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RequestChannel, RequestInput, RequestOutput } from '../../shared/contract/channels.ts';
import { useApi } from './api-context.tsx';
import { invalidateEntities } from './query-keys.ts';
import { unwrap } from './request-error.ts';
import type { RequestError } from './request-error.ts';

/**
 * A request that changes something. On success the tenant/deployment queries are refetched
 * right away rather than waiting for the `entities.changed` event, which may come a moment later.
 */
export function useMutationRequest<C extends RequestChannel>(channel: C, options: { invalidate?: boolean } = {}) {
  const api = useApi();
  const client = useQueryClient();
  const invalidate = options.invalidate ?? true;
  return useMutation<RequestOutput<C>, RequestError, RequestInput<C>>({
    mutationFn: async (input) => unwrap(await api.invoke(channel, input)),
    onSuccess: () => {
      // Not awaited: a caller navigating away from a removed record must not wait for its refetch.
      if (invalidate) void invalidateEntities(client);
    },
  });
}
