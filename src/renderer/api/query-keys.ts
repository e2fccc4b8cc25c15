import type { QueryClient } from '@tanstack/react-query';
import type { RequestChannel, RequestInput } from '../../shared/contract/channels.ts';

/** Every query is keyed by its channel and input, so invalidation can target a channel or one record. */
export const requestKey = <C extends RequestChannel>(channel: C, input: RequestInput<C>) =>
  [channel, input] as const;

const isEntityQuery = (key: readonly unknown[]): boolean =>
  typeof key[0] === 'string' && (key[0].startsWith('tenants.') || key[0].startsWith('deployments.'));

/** Tenants and deployments are small: refetching every view of them is cheaper than tracking which changed. */
export const invalidateEntities = (client: QueryClient): Promise<void> =>
  client.invalidateQueries({ predicate: (query) => isEntityQuery(query.queryKey) });
