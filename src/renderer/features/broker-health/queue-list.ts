import type { QueueStat } from '../../../shared/domain/broker.ts';

export type QueueSortKey = 'name' | 'vhost' | 'messages' | 'messagesReady' | 'messagesUnacknowledged' | 'consumers' | 'memory' | 'publishRate' | 'deliverRate' | 'growthPerMinute';

export interface QueueListOptions {
  vhost: string;
  search: string;
  sort: QueueSortKey;
  descending: boolean;
}

/** The deepest first, then the fastest growing: what an operator looks at first. */
export const DEFAULT_QUEUE_LIST: QueueListOptions = { vhost: '', search: '', sort: 'messages', descending: true };

const value = (queue: QueueStat, key: QueueSortKey): number | string | null => queue[key];

/** Filters by vhost and name (case-insensitive substring), sorts by a column; unknown figures (null) always last. */
export function queueList(queues: readonly QueueStat[], options: QueueListOptions): QueueStat[] {
  const search = options.search.trim().toLowerCase();
  const filtered = queues.filter((q) => (!options.vhost || q.vhost === options.vhost) && (!search || q.name.toLowerCase().includes(search)));
  const direction = options.descending ? -1 : 1;
  return filtered.sort((a, b) => {
    const va = value(a, options.sort);
    const vb = value(b, options.sort);
    if (va === null || vb === null) {
      if (va !== vb) return va === null ? 1 : -1;
    } else {
      const order = typeof va === 'string' ? va.localeCompare(String(vb)) : va - (vb as number);
      if (order !== 0) return order * direction;
    }
    // Ties: the fastest growing first, then by name, so the order never flickers between polls.
    return (b.growthPerMinute ?? -Infinity) - (a.growthPerMinute ?? -Infinity) || a.name.localeCompare(b.name) || a.vhost.localeCompare(b.vhost);
  });
}

export function parseQueueList(search: string): QueueListOptions {
  const params = new URLSearchParams(search);
  const sort = params.get('sort') as QueueSortKey | null;
  const valid: QueueSortKey[] = ['name', 'vhost', 'messages', 'messagesReady', 'messagesUnacknowledged', 'consumers', 'memory', 'publishRate', 'deliverRate', 'growthPerMinute'];
  return {
    vhost: params.get('vhost') ?? '',
    search: params.get('q') ?? '',
    sort: sort && valid.includes(sort) ? sort : DEFAULT_QUEUE_LIST.sort,
    descending: params.has('sort') ? params.get('dir') !== 'asc' : DEFAULT_QUEUE_LIST.descending,
  };
}

export function queueListSearch(options: QueueListOptions): string {
  const params = new URLSearchParams();
  if (options.vhost) params.set('vhost', options.vhost);
  if (options.search) params.set('q', options.search);
  if (options.sort !== DEFAULT_QUEUE_LIST.sort || options.descending !== DEFAULT_QUEUE_LIST.descending) {
    params.set('sort', options.sort);
    params.set('dir', options.descending ? 'desc' : 'asc');
  }
  return params.toString();
}
