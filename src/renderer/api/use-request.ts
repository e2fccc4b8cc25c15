import { useQuery } from '@tanstack/react-query';
import type { RequestChannel, RequestInput, RequestOutput } from '../../shared/contract/channels.ts';
import { useApi } from './api-context.tsx';
import { requestKey } from './query-keys.ts';
import { unwrap } from './request-error.ts';
import type { RequestError } from './request-error.ts';

/** Server state for one channel and input; a failed Result becomes the query's `error`. */
export function useRequest<C extends RequestChannel>(
  channel: C,
  input: RequestInput<C>,
  options: { enabled?: boolean } = {},
) {
  const api = useApi();
  return useQuery<RequestOutput<C>, RequestError>({
    queryKey: requestKey(channel, input),
    queryFn: async () => unwrap(await api.invoke(channel, input)),
    enabled: options.enabled ?? true,
  });
}
