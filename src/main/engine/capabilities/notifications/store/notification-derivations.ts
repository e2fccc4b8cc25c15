import type { Database } from 'better-sqlite3';
import type { DecodedNotification } from '../decode-notification.ts';
import { KeyFilter } from '../../../kernel/store/key-filter.ts';
import { uuidKey } from '../../../kernel/store/uuid-key.ts';

/** What the derivations read of an event (its stored columns). */
export type DerivableEvent = Pick<DecodedNotification, 'atUs' | 'eventType' | 'service' | 'instance' | 'requestId' | 'tenant' | 'state' | 'taskState' | 'oldTaskState'>;

export interface Derivations {
  /** Forgets what an earlier batch left unfinished (one that failed before `finish`). */
  begin(): void;
  /** Timings and request trackers of one newly stored event. */
  event(deploymentId: number, n: DerivableEvent): void;
  /** Writes the batch's timings and lifecycles: one write per timing and per instance, not per event. */
  finish(deploymentId: number): void;
}

/** An instance's lifecycle as the events of one batch leave it. */
interface PendingLifecycle {
  state: string | null;
  /** Whether some event said what the task state is now (set, or finished). */
  taskKnown: boolean;
  task: string | null;
  eventType: string;
  atUs: number;
}

interface TimingRow {
  id: number;
  request_id: string | null;
  start_us: number | null;
  end_us: number | null;
}

/** A timing as the events of one batch leave it; `id` null until it is first written. */
interface PendingTiming {
  id: number | null;
  instance: string;
  name: string;
  requestId: string | null;
  tenant: string | null;
  startUs: number | null;
  endUs: number | null;
  changed: boolean;
}

/**
 * StackTach's aggregate_lifecycle and update_kpi (stacktach/views.py), run once per stored event,
 * in id order, by the derivation pass (notification-writes.ts):
 * - the instance's lifecycle takes the latest state and task state;
 * - `X.start`/`X.end` pair into a timing per (instance, X): a `.start` opens (or resets) the open
 *   timing, a `.end` closes it. Unlike StackTach, a `.end` that arrives before its `.start` (two
 *   queues, two consumers) is kept and completed by the late `.start`;
 * - a compute.instance.update from an API service starts a request tracker; the request's `.end`
 *   gives its KPI duration (first API update -> final `.end`).
 *
 * Timings are paired in memory within a pass and written once at its end: a `.start` and its
 * `.end` in one batch (the usual case at full ingest) cost one look-up and one insert instead of
 * two look-ups, an insert and an update. A batch of one event behaves exactly as before, which
 * the tests use to check that any split of the same events gives the same timings.
 */
export function deriveFrom(db: Database): Derivations {
  const lifecycle = db.prepare(`
    INSERT INTO nova_lifecycles (deployment_id, instance, last_state, last_task_state, last_event_type, last_at_us)
    VALUES (@deploymentId, @instance, @state, @task, @eventType, @atUs)
    ON CONFLICT (deployment_id, instance) DO UPDATE SET
      last_state = coalesce(excluded.last_state, last_state),
      last_task_state = CASE WHEN @taskKnown THEN excluded.last_task_state ELSE last_task_state END,
      last_event_type = excluded.last_event_type,
      last_at_us = excluded.last_at_us
    WHERE excluded.last_at_us >= nova_lifecycles.last_at_us`);
  const latestTiming = db.prepare<[number, string, string], TimingRow>(
    'SELECT id, request_id, start_us, end_us FROM nova_timings WHERE deployment_id = ? AND instance = ? AND name = ? ORDER BY id DESC LIMIT 1',
  );
  const insertTiming = db.prepare<[number, string, string, string | null, string | null, number | null, number | null, number | null]>(
    'INSERT INTO nova_timings (deployment_id, instance, name, request_id, tenant, start_us, end_us, duration) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const updateTiming = db.prepare<[number | null, number | null, string | null, number | null, number]>(
    'UPDATE nova_timings SET start_us = ?, end_us = ?, request_id = ?, duration = ? WHERE id = ?',
  );
  const startRequest = db.prepare(`
    INSERT INTO nova_requests (deployment_id, request_id, tenant, instance, start_us) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (deployment_id, request_id) DO UPDATE SET
      start_us = min(start_us, excluded.start_us),
      duration = CASE WHEN end_us IS NULL THEN NULL ELSE (end_us - min(start_us, excluded.start_us)) / 1e6 END`);
  const endRequest = db.prepare(`
    UPDATE nova_requests SET end_us = @atUs, operation = @name, duration = (@atUs - start_us) / 1e6
    WHERE deployment_id = @deploymentId AND request_id = @requestId AND (end_us IS NULL OR end_us <= @atUs)`);

  // Most (instance, operation) pairs are new (an instance is created, rebooted, deleted once or a
  // few times): a filter of the pairs that have a timing spares their look-up, a random probe.
  const timingKey = (instance: string, name: string) => uuidKey(`${instance}\u0000${name}`);
  const countTimings = db.prepare<[], number>('SELECT count(*) FROM nova_timings').pluck();
  const eachTiming = db.prepare<[], [number, string, string]>('SELECT deployment_id, instance, name FROM nova_timings').raw();
  const timed = new KeyFilter({
    count: () => countTimings.get() ?? 0,
    *each() {
      for (const [deploymentId, instance, name] of eachTiming.iterate()) yield [deploymentId, timingKey(instance, name)] as const;
    },
  });

  const pending = new Map<string, PendingLifecycle>();
  // Per (instance, operation): the timings this batch touched, oldest first; the last is the latest.
  const timings = new Map<string, PendingTiming[]>();
  const latest = (deploymentId: number, instance: string, name: string): { list: PendingTiming[]; open: PendingTiming | undefined } => {
    const key = `${instance}\u0000${name}`;
    let list = timings.get(key);
    if (!list) {
      const row = timed.mightContain(deploymentId, timingKey(instance, name)) ? latestTiming.get(deploymentId, instance, name) : undefined;
      list = row ? [{ id: row.id, instance, name, requestId: row.request_id, tenant: null, startUs: row.start_us, endUs: row.end_us, changed: false }] : [];
      timings.set(key, list);
    }
    return { list, open: list.at(-1) };
  };
  const event = (deploymentId: number, n: DerivableEvent): void => {
    if (n.instance === null) return;
    const instance = n.instance;
    const seen = pending.get(instance);
    // Events of a batch in time order (a late one only fills what the later ones left unknown).
    if (!seen || n.atUs >= seen.atUs) {
      // old_task_state given and new_task_state null: the task finished.
      const taskKnown = n.taskState !== null || n.oldTaskState !== null;
      pending.set(instance, {
        state: n.state ?? seen?.state ?? null,
        taskKnown: taskKnown || (seen?.taskKnown ?? false),
        task: taskKnown ? n.taskState : (seen?.task ?? null),
        eventType: n.eventType,
        atUs: n.atUs,
      });
    }
    const dot = n.eventType.lastIndexOf('.');
    const step = n.eventType.slice(dot + 1);
    const name = n.eventType.slice(0, dot);
    const fresh = (startUs: number | null, endUs: number | null): PendingTiming => ({ id: null, instance, name, requestId: n.requestId, tenant: n.tenant, startUs, endUs, changed: true });
    const complete = (timing: PendingTiming, side: 'startUs' | 'endUs') => {
      timing[side] = n.atUs;
      timing.requestId ??= n.requestId;
      timing.changed = true;
    };
    if (step === 'start') {
      const { list, open } = latest(deploymentId, instance, name);
      // An open timing (no .end yet) is reset; an early .end (no .start) at or after this one is completed.
      if (open && (open.endUs === null || (open.startUs === null && open.endUs >= n.atUs))) complete(open, 'startUs');
      else list.push(fresh(n.atUs, null));
      return;
    }
    if (step === 'end') {
      const { list, open } = latest(deploymentId, instance, name);
      if (open && open.startUs !== null && open.endUs === null && open.startUs <= n.atUs) complete(open, 'endUs');
      else list.push(fresh(null, n.atUs));
      if (n.requestId !== null) endRequest.run({ deploymentId, requestId: n.requestId, atUs: n.atUs, name });
      return;
    }
    if (n.eventType === 'compute.instance.update' && n.service.includes('api') && n.requestId !== null) {
      startRequest.run(deploymentId, n.requestId, n.tenant, instance, n.atUs);
    }
  };
  const finish = (deploymentId: number): void => {
    for (const list of timings.values()) {
      for (const t of list) {
        if (!t.changed) continue;
        const duration = t.startUs !== null && t.endUs !== null ? (t.endUs - t.startUs) / 1e6 : null;
        if (t.id === null) {
          insertTiming.run(deploymentId, t.instance, t.name, t.requestId, t.tenant, t.startUs, t.endUs, duration);
          timed.add(deploymentId, timingKey(t.instance, t.name));
        } else updateTiming.run(t.startUs, t.endUs, t.requestId, duration, t.id);
      }
    }
    timings.clear();
    for (const [instance, l] of pending) {
      lifecycle.run({ deploymentId, instance, state: l.state, task: l.task, taskKnown: l.taskKnown ? 1 : 0, eventType: l.eventType, atUs: l.atUs });
    }
    pending.clear();
  };
  const begin = (): void => {
    pending.clear();
    timings.clear();
  };
  return { begin, event, finish };
}
