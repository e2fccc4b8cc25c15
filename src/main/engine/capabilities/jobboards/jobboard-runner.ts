import type { Client } from 'node-zookeeper-client';
import type { Conductor, JobboardSummary } from '../../../../shared/domain/jobboards.ts';
import type { JobboardsSettings } from '../../../../shared/domain/settings.ts';
import type { AlertSink } from '../../kernel/alerts/alert-signal.ts';
import type { Logger } from '../../kernel/logging/logger.ts';
import type { JobboardStore } from './store/jobboard-store.ts';
import { applyChanges, diffBoard, type KnownJob } from './board-diff.ts';
import { boardFigures } from './board-figures.ts';
import { BoardWatcher, type BoardReading } from './board-watcher.ts';
import { discoverBoards } from './discover-boards.ts';
import { waitingSignal } from './waiting-alert.ts';
import { ZookeeperSession } from './zookeeper-session.ts';

export const WAITING_RULE = 'jobboard.waiting';
/** Jobs that left their board, and count samples, are kept this long. */
const KEEP_MS = 14 * 24 * 3600_000;

export interface JobboardRunnerDeps {
  deploymentId: number;
  hosts: string;
  settings: () => JobboardsSettings;
  store: JobboardStore;
  alerts: AlertSink;
  log: Logger;
  now: () => number;
  onChange: () => void;
}

interface Board {
  watcher: BoardWatcher;
  source: 'configured' | 'discovered';
  known: Map<string, KnownJob> | undefined;
  error: string | null;
  conductors: Conductor[];
  trash: number;
}

/**
 * One deployment's job boards: a ZooKeeper session, a watcher per board (configured, plus
 * those discovered under the root), each read diffed against what the store knew and applied in
 * one transaction; every `sampleSeconds` the counts are sampled, discovery re-run and the
 * waiting alert evaluated.
 */
export class JobboardRunner {
  readonly #d: JobboardRunnerDeps;
  readonly session: ZookeeperSession;
  readonly #boards = new Map<string, Board>();
  #timer: NodeJS.Timeout | undefined;
  #tick: Promise<void> | undefined;
  #stopped = false;

  constructor(deps: JobboardRunnerDeps) {
    this.#d = deps;
    this.session = new ZookeeperSession({
      hosts: deps.hosts,
      log: deps.log,
      now: deps.now,
      onStatus: deps.onChange,
      onConnected: (client) => this.#connected(client),
    });
  }

  start(): void {
    for (const path of this.#d.settings().paths) this.#add(path, 'configured');
    this.session.start();
    this.#schedule();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#tick;
    for (const [path, board] of this.#boards) {
      board.watcher.detach();
      this.#d.alerts.forget(this.#d.deploymentId, WAITING_RULE, path);
    }
    this.session.stop();
  }

  boardPaths(): string[] {
    return [...this.#boards.keys()].sort();
  }

  watches(path: string): boolean {
    return this.#boards.has(path);
  }

  summaries(): JobboardSummary[] {
    const now = this.#d.now();
    return this.boardPaths().map((path) => {
      const board = this.#boards.get(path) as Board;
      const figures = boardFigures(this.#d.store.openJobs(this.#d.deploymentId, path), now);
      return {
        path,
        source: board.source,
        error: board.error,
        counts: { UNCLAIMED: figures.unclaimed, CLAIMED: figures.claimed },
        trash: board.trash,
        oldestUnclaimedSeconds: figures.oldestUnclaimedMs === null ? null : Math.floor(figures.oldestUnclaimedMs / 1000),
        conductors: board.conductors,
      };
    });
  }

  conductors(): Conductor[] {
    const byName = new Map<string, Conductor>();
    for (const board of this.#boards.values()) for (const conductor of board.conductors) byName.set(conductor.name, conductor);
    return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  #add(path: string, source: Board['source']): void {
    if (this.#boards.has(path)) return;
    const watcher = new BoardWatcher(path, (reading) => this.#onReading(path, reading), this.#d.log);
    this.#boards.set(path, { watcher, source, known: undefined, error: null, conductors: [], trash: 0 });
    const client = this.session.client;
    if (client) watcher.attach(client);
  }

  #connected(client: Client): void {
    for (const board of this.#boards.values()) board.watcher.attach(client);
    void this.#discover(client);
  }

  async #discover(client: Client): Promise<void> {
    const root = this.#d.settings().discover;
    if (root === null || this.#stopped) return;
    try {
      const found = await discoverBoards(client, root);
      if (this.#stopped || client !== this.session.client) return;
      for (const path of found) this.#add(path, 'discovered');
      // A discovered board that is gone (deleted) stops being watched; its history stays.
      for (const [path, board] of this.#boards) {
        if (board.source === 'discovered' && !found.includes(path)) {
          board.watcher.detach();
          this.#boards.delete(path);
          this.#d.alerts.forget(this.#d.deploymentId, WAITING_RULE, path);
        }
      }
      this.#d.onChange();
    } catch (error) {
      this.#d.log.warn('job board discovery failed', { deploymentId: this.#d.deploymentId, root, err: error });
    }
  }

  #onReading(path: string, reading: BoardReading): void {
    const board = this.#boards.get(path);
    if (!board || this.#stopped) return;
    board.error = reading.error;
    board.conductors = reading.conductors.sort((a, b) => a.name.localeCompare(b.name));
    board.trash = reading.read.trash.size;
    // A failed read says nothing about the jobs: only a complete read (or a missing board) is diffed.
    if (reading.error === null || reading.read.jobs.size === 0) {
      const known = board.known ?? this.#d.store.known(this.#d.deploymentId, path);
      if (reading.error === null) {
        const changes = diffBoard(known, reading.read, this.#d.now());
        this.#d.store.apply(this.#d.deploymentId, path, changes);
        board.known = applyChanges(known, changes);
      } else board.known = known;
    }
    this.#d.onChange();
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#tick = this.#sample().finally(() => {
        this.#tick = undefined;
        this.#schedule();
      });
    }, this.#d.settings().sampleSeconds * 1000);
    this.#timer.unref?.();
  }

  async #sample(): Promise<void> {
    const client = this.session.client;
    if (!client) return;
    await this.#discover(client);
    const now = this.#d.now();
    const settings = this.#d.settings();
    for (const [path, board] of this.#boards) {
      if (board.error !== null) continue;
      const rows = this.#d.store.openJobs(this.#d.deploymentId, path);
      const figures = boardFigures(rows, now, settings.waitingAlertSeconds * 1000);
      try {
        this.#d.store.addSample(this.#d.deploymentId, path, now, {
          unclaimed: figures.unclaimed,
          claimed: figures.claimed,
          conductors: board.conductors.length,
          oldest_unclaimed_ms: figures.oldestUnclaimedMs,
        });
      } catch (error) {
        this.#d.log.error('job board sample failed', { board: path, err: error });
      }
      this.#d.alerts.report(waitingSignal(this.#d.deploymentId, path, figures, settings.waitingAlertSeconds));
    }
    this.#d.store.prune(now - KEEP_MS);
    this.#d.onChange();
  }
}
