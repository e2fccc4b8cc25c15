// The cluster as the events describe it: Tach's counterpart of celery.events.state.State,
// bounded in memory and with a constant cost per event, whatever has happened before.
//
// - Tasks and workers live in LRU maps ordered by their latest event (Celery's State only
//   orders by creation, so a long task that just started can be the first thrown out).
// - Every record an event touches is marked dirty. drainDirty() hands the persistence
//   layer a copy of each dirty record and forgets the marks. A dirty record pushed out of
//   memory is held aside until that drain, so eviction never loses an update; if another
//   event for it arrives first, it is taken back, so a drain never carries two versions.
// - Counts by state and by name are kept as events arrive, so reading them walks nothing.
//
// Not thread-safe and not async: apply() runs to completion on the event loop.

import type { CeleryEvent, GenericCeleryEvent, WorkerEvent } from './celery-event.ts';
import { LruMap } from './lru-map.ts';
import { Tally } from './tallies.ts';
import type { EventCounts, TaskCounts } from './tallies.ts';
import { applyTaskEvent } from './task-merge.ts';
import type { TaskLikeEvent } from './task-merge.ts';
import { copyTaskRecord, createTaskRecord } from './task-record.ts';
import type { TaskRecord } from './task-record.ts';
import { mergeByKey, normaliseTask, normaliseWorker } from './rehydrate.ts';
import { recordHeartbeat, recordOffline } from './worker-liveness.ts';
import { copyWorkerFields, copyWorkerRecord, createWorkerRecord } from './worker-record.ts';
import type { WorkerRecord } from './worker-record.ts';

export interface CeleryStateOptions {
  /** Celery's max_tasks_in_memory (10 000 by default there; Flower 2 uses 100 000). */
  maxTasks: number;
  /** Celery's max_workers_in_memory (5 000 by default there). */
  maxWorkers: number;
}

export interface DirtyRecords {
  /** Copies of every task changed since the last drain, evicted ones included. */
  tasks: TaskRecord[];
  workers: WorkerRecord[];
  /** Events applied since the last drain, for the camera. */
  events: EventCounts;
}

export class CeleryState {
  readonly #tasks: LruMap<string, TaskRecord>;
  readonly #workers: LruMap<string, WorkerRecord>;
  readonly #dirtyTasks = new Set<TaskRecord>();
  readonly #dirtyWorkers = new Set<WorkerRecord>();
  readonly #evictedTasks = new Map<string, TaskRecord>();
  readonly #evictedWorkers = new Map<string, WorkerRecord>();
  readonly #byState = new Tally();
  readonly #byName = new Tally();
  readonly #eventsByType = new Tally();
  #eventTotal = 0;
  #genericTotal = 0;

  constructor(options: CeleryStateOptions) {
    this.#tasks = new LruMap(options.maxTasks);
    this.#workers = new LruMap(options.maxWorkers);
  }

  apply(event: CeleryEvent): void {
    this.#eventTotal += 1;
    this.#eventsByType.add(event.type);
    if (event.generic) {
      this.#genericTotal += 1;
      this.#applyGeneric(event);
      return;
    }
    switch (event.type) {
      case 'worker-online':
      case 'worker-heartbeat':
      case 'worker-offline':
        this.#applyWorkerEvent(event);
        return;
      default:
        this.#applyTaskEvent(event, event.uuid);
    }
  }

  /** The task, without refreshing its place in the LRU. Read-only: it is the live record. */
  task(uuid: string): Readonly<TaskRecord> | undefined {
    return this.#tasks.peek(uuid) ?? this.#evictedTasks.get(uuid);
  }

  worker(hostname: string): Readonly<WorkerRecord> | undefined {
    return this.#workers.peek(hostname) ?? this.#evictedWorkers.get(hostname);
  }

  /** Tasks in memory, least recently updated first. */
  tasks(): IterableIterator<Readonly<TaskRecord>> {
    return this.#tasks.values();
  }

  workers(): IterableIterator<Readonly<WorkerRecord>> {
    return this.#workers.values();
  }

  get taskCount(): number {
    return this.#tasks.size;
  }

  get workerCount(): number {
    return this.#workers.size;
  }

  /** Records waiting for drainDirty(); lets the caller drain early when this grows. */
  get dirtyCount(): number {
    return this.#dirtyTasks.size + this.#dirtyWorkers.size;
  }

  /** Tasks in memory by state and by name. Cost: the number of distinct states and names. */
  counts(): TaskCounts {
    return { total: this.#tasks.size, byState: this.#byState.toRecord(), byName: this.#byName.toRecord() };
  }

  /** Events applied since the last drain, without draining. */
  eventCounts(): EventCounts {
    return { total: this.#eventTotal, generic: this.#genericTotal, byType: this.#eventsByType.toRecord() };
  }

  /**
   * Copies of every record changed since the last call (evicted ones included) and the
   * event counts for the same period; then forgets both. Copies, so the store can hold
   * them across an await while events keep changing the live records.
   */
  drainDirty(): DirtyRecords {
    const drained: DirtyRecords = {
      tasks: Array.from(this.#dirtyTasks, (task) => copyTaskRecord(task)),
      workers: Array.from(this.#dirtyWorkers, (worker) => copyWorkerRecord(worker)),
      events: this.eventCounts(),
    };
    this.#dirtyTasks.clear();
    this.#dirtyWorkers.clear();
    this.#evictedTasks.clear();
    this.#evictedWorkers.clear();
    this.#eventsByType.clear();
    this.#eventTotal = 0;
    this.#genericTotal = 0;
    return drained;
  }

  /**
   * Rehydrates from storage (on restart). Records are copied, merged with what is already
   * in memory (memory wins: it is newer) and ordered by lastEventAt, so the most recently
   * active stay when there are more than the limits allow. Loaded records are not dirty.
   */
  load(tasks: readonly TaskRecord[], workers: readonly WorkerRecord[]): void {
    // Held (evicted, dirty) records count as live: they are newer than anything stored.
    const liveTasks = [...this.#tasks.values(), ...this.#evictedTasks.values()];
    const taskList = mergeByKey(tasks, liveTasks, (t) => t.uuid, normaliseTask);
    this.#tasks.clear();
    this.#evictedTasks.clear();
    this.#byState.clear();
    this.#byName.clear();
    for (const task of taskList) this.#insertTask(task);

    const liveWorkers = [...this.#workers.values(), ...this.#evictedWorkers.values()];
    const workerList = mergeByKey(workers, liveWorkers, (w) => w.hostname, normaliseWorker);
    this.#workers.clear();
    this.#evictedWorkers.clear();
    for (const worker of workerList) this.#insertWorker(worker);
  }

  #applyWorkerEvent(event: WorkerEvent): void {
    const worker = this.#workerFor(event.hostname, event.localReceived);
    copyWorkerFields(worker, event);
    if (event.type === 'worker-offline') {
      recordOffline(worker, event.localReceived);
    } else {
      recordHeartbeat(worker, event.localReceived, event.skewedTimestamp ?? event.timestamp);
      if (event.type === 'worker-heartbeat') worker.heartbeatsReceived += 1;
    }
    this.#dirtyWorkers.add(worker);
  }

  #applyTaskEvent(event: TaskLikeEvent, uuid: string): void {
    const task = this.#taskFor(uuid, event.localReceived);
    // task-sent comes from the client; every other task event shows its worker alive
    // (Celery's `worker.event(None, local_received, timestamp)`, see recordHeartbeat).
    if (event.type !== 'task-sent') {
      const worker = this.#workerFor(event.hostname, event.localReceived);
      // The sender's own clock, believed or not: drift is how the skew shows on the worker.
      recordHeartbeat(worker, event.localReceived, event.skewedTimestamp ?? event.timestamp);
      this.#dirtyWorkers.add(worker);
    }
    const previousState = task.state;
    const previousName = task.name;
    applyTaskEvent(task, event);
    if (task.state !== previousState) {
      this.#byState.add(previousState, -1);
      this.#byState.add(task.state);
    }
    if (task.name !== previousName) {
      if (previousName !== null) this.#byName.add(previousName, -1);
      if (task.name !== null) this.#byName.add(task.name);
    }
    this.#dirtyTasks.add(task);
  }

  /** Custom task-* events with a uuid move the task like Celery's custom states; other
   * worker-* events (worker-elect...) show the worker alive. Anything else is only counted. */
  #applyGeneric(event: GenericCeleryEvent): void {
    if (event.uuid !== null && event.type.startsWith('task-')) {
      this.#applyTaskEvent(event, event.uuid);
    } else if (event.type.startsWith('worker-')) {
      const worker = this.#workerFor(event.hostname, event.localReceived);
      recordHeartbeat(worker, event.localReceived, event.skewedTimestamp ?? event.timestamp);
      this.#dirtyWorkers.add(worker);
    }
  }

  #taskFor(uuid: string, now: number): TaskRecord {
    const live = this.#tasks.get(uuid);
    if (live !== undefined) return live;
    const held = this.#evictedTasks.get(uuid);
    if (held !== undefined) this.#evictedTasks.delete(uuid);
    const task = held ?? createTaskRecord(uuid, now);
    this.#insertTask(task);
    return task;
  }

  #insertTask(task: TaskRecord): void {
    const evicted = this.#tasks.set(task.uuid, task);
    this.#countTask(task, 1);
    if (evicted === undefined) return;
    this.#countTask(evicted, -1);
    if (this.#dirtyTasks.has(evicted)) this.#evictedTasks.set(evicted.uuid, evicted);
  }

  #countTask(task: TaskRecord, by: 1 | -1): void {
    this.#byState.add(task.state, by);
    if (task.name !== null) this.#byName.add(task.name, by);
  }

  #workerFor(hostname: string, now: number): WorkerRecord {
    let worker = this.#workers.get(hostname);
    if (worker === undefined) {
      const held = this.#evictedWorkers.get(hostname);
      if (held !== undefined) this.#evictedWorkers.delete(hostname);
      worker = held ?? createWorkerRecord(hostname, now);
      this.#insertWorker(worker);
    }
    worker.lastEventAt = now;
    return worker;
  }

  #insertWorker(worker: WorkerRecord): void {
    const evicted = this.#workers.set(worker.hostname, worker);
    if (evicted !== undefined && this.#dirtyWorkers.has(evicted)) this.#evictedWorkers.set(evicted.hostname, evicted);
  }
}
