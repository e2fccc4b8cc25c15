import type { CeleryTask } from '../../../shared/domain/celery.ts';

export type TaskEventKind = 'sent' | 'received' | 'started' | 'retried' | 'succeeded' | 'failed' | 'revoked' | 'rejected';

/** Lifecycle order, to break ties between events stamped with the same time. */
const ORDER: readonly TaskEventKind[] = ['sent', 'received', 'started', 'retried', 'succeeded', 'failed', 'revoked', 'rejected'];

export interface TimelineEntry {
  kind: TaskEventKind;
  at: string;
  /** Seconds since the entry before (null for the first). */
  sincePrevious: number | null;
  /** Seconds since the first entry. */
  sinceFirst: number;
}

/**
 * The task's transitions in time order with the gaps between them: sent -> received is time in
 * the queue, received -> started time prefetched, started -> succeeded the run itself.
 * Celery keeps one time per kind (the latest), so a task retried twice shows one "retried".
 * "sent" always comes first: the client stamps task-sent after publishing (and on its own
 * clock), so a fast worker can look as if it received the task before it was sent. The gap
 * after it is then negative, and shown as such rather than hidden.
 */
export function taskTimeline(task: CeleryTask): TimelineEntry[] {
  const entries = ORDER.flatMap((kind) => {
    const at = task[kind];
    return at === null || Number.isNaN(Date.parse(at)) ? [] : [{ kind, at, ms: Date.parse(at) }];
  }).sort((a, b) => Number(b.kind === 'sent') - Number(a.kind === 'sent') || a.ms - b.ms || ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
  const first = entries[0]?.ms ?? 0;
  return entries.map((entry, index) => {
    const previous = entries[index - 1];
    return {
      kind: entry.kind,
      at: entry.at,
      sincePrevious: previous ? (entry.ms - previous.ms) / 1000 : null,
      sinceFirst: (entry.ms - first) / 1000,
    };
  });
}
