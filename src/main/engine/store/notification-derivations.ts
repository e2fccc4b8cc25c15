import type { Database } from 'better-sqlite3';
import type { DecodedNotification } from '../nova/decode-notification.ts';

export interface Derivations {
  /** Timings and request trackers of one newly stored event. */
  event(deploymentId: number, n: DecodedNotification): void;
  /** Writes the batch's lifecycles: one upsert per instance instead of one per event. */
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

interface OpenTiming {
  id: number;
  start_us: number | null;
  end_us: number | null;
}

/**
 * StackTach's aggregate_lifecycle and update_kpi (stacktach/views.py), run once per newly stored
 * event inside the batch's transaction:
 * - the instance's lifecycle takes the latest state and task state;
 * - `X.start`/`X.end` pair into a timing per (instance, X): a `.start` opens (or resets) the open
 *   timing, a `.end` closes it. Unlike StackTach, a `.end` that arrives before its `.start` (two
 *   queues, two consumers) is kept and completed by the late `.start`;
 * - a compute.instance.update from an API service starts a request tracker; the request's `.end`
 *   gives its KPI duration (first API update -> final `.end`).
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
  const latestTiming = db.prepare('SELECT id, start_us, end_us FROM nova_timings WHERE deployment_id = ? AND instance = ? AND name = ? ORDER BY id DESC LIMIT 1');
  const insertTiming = db.prepare(`
    INSERT INTO nova_timings (deployment_id, instance, name, request_id, tenant, start_us, end_us, duration)
    VALUES (@deploymentId, @instance, @name, @requestId, @tenant, @startUs, @endUs, NULL)`);
  const setStart = db.prepare(
    'UPDATE nova_timings SET start_us = @atUs, request_id = coalesce(request_id, @requestId), duration = CASE WHEN end_us IS NULL THEN NULL ELSE (end_us - @atUs) / 1e6 END WHERE id = @id',
  );
  const setEnd = db.prepare('UPDATE nova_timings SET end_us = @atUs, request_id = coalesce(request_id, @requestId), duration = (@atUs - start_us) / 1e6 WHERE id = @id');
  const startRequest = db.prepare(`
    INSERT INTO nova_requests (deployment_id, request_id, tenant, instance, start_us) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (deployment_id, request_id) DO UPDATE SET
      start_us = min(start_us, excluded.start_us),
      duration = CASE WHEN end_us IS NULL THEN NULL ELSE (end_us - min(start_us, excluded.start_us)) / 1e6 END`);
  const endRequest = db.prepare(`
    UPDATE nova_requests SET end_us = @atUs, operation = @name, duration = (@atUs - start_us) / 1e6
    WHERE deployment_id = @deploymentId AND request_id = @requestId AND (end_us IS NULL OR end_us <= @atUs)`);

  const pending = new Map<string, PendingLifecycle>();
  const event = (deploymentId: number, n: DecodedNotification): void => {
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
    const base = { deploymentId, instance, name, requestId: n.requestId, tenant: n.tenant };
    if (step === 'start') {
      const open = latestTiming.get(deploymentId, instance, name) as OpenTiming | undefined;
      if (open && open.start_us === null && open.end_us !== null && open.end_us >= n.atUs) setStart.run({ id: open.id, atUs: n.atUs, requestId: n.requestId });
      else if (open && open.end_us === null) setStart.run({ id: open.id, atUs: n.atUs, requestId: n.requestId });
      else insertTiming.run({ ...base, startUs: n.atUs, endUs: null });
      return;
    }
    if (step === 'end') {
      const open = latestTiming.get(deploymentId, instance, name) as OpenTiming | undefined;
      if (open && open.start_us !== null && open.end_us === null && open.start_us <= n.atUs) setEnd.run({ id: open.id, atUs: n.atUs, requestId: n.requestId });
      else insertTiming.run({ ...base, startUs: null, endUs: n.atUs });
      if (n.requestId !== null) endRequest.run({ deploymentId, requestId: n.requestId, atUs: n.atUs, name });
      return;
    }
    if (n.eventType === 'compute.instance.update' && n.service.includes('api') && n.requestId !== null) {
      startRequest.run(deploymentId, n.requestId, n.tenant, instance, n.atUs);
    }
  };
  const finish = (deploymentId: number): void => {
    for (const [instance, l] of pending) {
      lifecycle.run({ deploymentId, instance, state: l.state, task: l.task, taskKnown: l.taskKnown ? 1 : 0, eventType: l.eventType, atUs: l.atUs });
    }
    pending.clear();
  };
  return { event, finish };
}
