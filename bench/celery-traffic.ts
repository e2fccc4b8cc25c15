import { randomUUID } from 'node:crypto';

// Realistic Celery event traffic, shaped like the captures in shared/captures/celery-events.jsonl:
// worker heartbeats every 2 s, and task lifecycles (received, started, succeeded) batched as the
// prefork pool sends them: JSON arrays of up to 24 events under routing key task.multi.

export interface Outgoing {
  routingKey: string;
  body: Buffer;
  events: number;
}

const BATCH = 24;
const EVENTS_PER_TASK = 3;

export function workerNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `celery@bench-${String(i).padStart(2, '0')}`);
}

export function heartbeat(hostname: string, clock: number): Outgoing {
  const event = {
    hostname, utcoffset: 0, pid: 4000, clock, freq: 2.0, active: 2, processed: clock * 10,
    loadavg: [0.5, 0.4, 0.3], sw_ident: 'py-celery', sw_ver: '5.2.6', sw_sys: 'Linux',
    timestamp: Date.now() / 1000, type: 'worker-heartbeat',
  };
  return { routingKey: 'worker.heartbeat', body: Buffer.from(JSON.stringify(event)), events: 1 };
}

/** One task.multi message: 8 tasks' received/started/succeeded, interleaved as a busy pool mixes them. */
export function taskBatch(hostname: string, clock: number): Outgoing {
  const now = Date.now() / 1000;
  const events: object[] = [];
  for (let t = 0; t < BATCH / EVENTS_PER_TASK; t++) {
    const uuid = randomUUID();
    const common = { hostname, utcoffset: 0, pid: 4001 + t, clock: clock + t, uuid };
    events.push(
      { ...common, name: 'proj.tasks.process_order', args: `[${clock}, 'order-${t}']`, kwargs: "{'priority': 5}", root_id: uuid, parent_id: null, retries: 0, eta: null, expires: null, timestamp: now, type: 'task-received' },
      { ...common, timestamp: now, type: 'task-started' },
      { ...common, result: `{'status': 'ok', 'items': ${t}}`, runtime: 0.0123, timestamp: now, type: 'task-succeeded' },
    );
  }
  return { routingKey: 'task.multi', body: Buffer.from(JSON.stringify(events)), events: events.length };
}
