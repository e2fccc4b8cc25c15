import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from './event-bus.ts';
import { silentLogger } from './logging/logger.ts';
import { openMemoryDatabase } from '../store.ts';
import { DeploymentStore, type DeploymentRecord } from './deployments/deployment-store.ts';
import { DeploymentRunners, type RunnerSpec } from './deployment-runners.ts';

/** A runner that writes down what happens to it; `stopFails` makes its stop reject. */
class FakeRunner {
  stopped = false;
  readonly deploymentId: number;
  readonly fingerprint: string;
  readonly journal: string[];
  readonly stopFails: boolean;
  constructor(deploymentId: number, fingerprint: string, journal: string[], stopFails = false) {
    this.deploymentId = deploymentId;
    this.fingerprint = fingerprint;
    this.journal = journal;
    this.stopFails = stopFails;
    journal.push(`start ${deploymentId} ${fingerprint}`);
  }
  async stop(): Promise<void> {
    this.journal.push(`stop ${this.deploymentId} ${this.fingerprint}`);
    this.stopped = true;
    if (this.stopFails) throw new Error('the socket would not close');
  }
}

/** `{"fake": {"on": true, "target": "a", "interval": 5}}`: target is built in, interval is read live. */
const fakeSettings = (record: DeploymentRecord) =>
  (JSON.parse(record.settings) as { fake?: { on?: boolean; target?: string; throws?: string; stopFails?: boolean } }).fake ?? {};

let db: Database;
let deployments: DeploymentStore;
let events: EventBus;
let announced: number[];
let journal: string[];
let forgotten: number[];
let runners: DeploymentRunners<FakeRunner>;
/** When set, each start waits for it: a start still in progress. */
let startGate: Promise<void> | undefined;

function spec(overrides: Partial<RunnerSpec<FakeRunner>> = {}): RunnerSpec<FakeRunner> {
  return {
    name: 'fake',
    changedEvent: 'celery.changed',
    changeEveryMs: 0,
    fingerprint: (record) => {
      const fake = fakeSettings(record);
      return fake.on ? `${fake.target ?? ''}` : undefined;
    },
    start: async (record) => {
      const fake = fakeSettings(record);
      journal.push(`starting ${record.id}`);
      if (startGate) await startGate;
      if (fake.throws) throw new Error(fake.throws);
      return new FakeRunner(record.id, fake.target ?? '', journal, fake.stopFails);
    },
    forget: (deploymentId) => forgotten.push(deploymentId),
    ...overrides,
  };
}

function addDeployment(id: number, fake: object, tenantId = 1): void {
  db.prepare("INSERT INTO deployments (id, tenant_id, name, created_at, updated_at, settings) VALUES (?, ?, ?, 'now', 'now', ?)").run(
    id,
    tenantId,
    `d${id}`,
    JSON.stringify({ fake }),
  );
}

function edit(id: number, fake: object): void {
  db.prepare('UPDATE deployments SET settings = ? WHERE id = ?').run(JSON.stringify({ fake }), id);
  events.emit('entities.changed', { kind: 'deployment', id, action: 'updated' });
}

function remove(id: number): void {
  db.prepare('DELETE FROM deployments WHERE id = ?').run(id);
  events.emit('entities.changed', { kind: 'deployment', id, action: 'removed' });
}

beforeEach(() => {
  db = openMemoryDatabase();
  db.exec("INSERT INTO tenants (id, name, created_at) VALUES (1, 'acme', 'now'), (2, 'globex', 'now')");
  deployments = new DeploymentStore(db);
  events = new EventBus((error) => {
    throw error;
  });
  announced = [];
  journal = [];
  forgotten = [];
  startGate = undefined;
  events.subscribe((event, payload) => {
    if (event === 'celery.changed') announced.push((payload as { deploymentId: number }).deploymentId);
  });
});

afterEach(async () => {
  await runners.stop();
  db.close();
});

const make = (overrides?: Partial<RunnerSpec<FakeRunner>>) =>
  (runners = new DeploymentRunners(spec(overrides), { deployments, events, log: silentLogger() }));

describe('DeploymentRunners', () => {
  it('starts a runner for each deployment that wants one, and none for the others', async () => {
    addDeployment(1, { on: true, target: 'a' });
    addDeployment(2, { on: false, target: 'b' });
    addDeployment(3, { on: true, target: 'c' });
    await make().start();
    expect([...runners.all().keys()]).toEqual([1, 3]);
    expect(runners.get(2)).toBeUndefined();
    expect(runners.problem(2)).toBeUndefined();
    // Only deployments whose runner state changed are announced.
    expect(announced.sort()).toEqual([1, 3]);
  });

  it('starts on enable, stops on disable, and announces both', async () => {
    addDeployment(1, { on: false, target: 'a' });
    await make().start();
    expect(runners.get(1)).toBeUndefined();

    edit(1, { on: true, target: 'a' });
    await runners.settled();
    expect(runners.get(1)?.fingerprint).toBe('a');
    expect(announced).toEqual([1]);

    const first = runners.get(1);
    edit(1, { on: false, target: 'a' });
    await runners.settled();
    expect(first?.stopped).toBe(true);
    expect(runners.get(1)).toBeUndefined();
    expect(announced).toEqual([1, 1]);
  });

  it('restarts when the fingerprint changes, stopping the old runner before starting the new one', async () => {
    addDeployment(1, { on: true, target: 'a' });
    await make().start();
    const first = runners.get(1);
    edit(1, { on: true, target: 'b' });
    await runners.settled();
    expect(first?.stopped).toBe(true);
    expect(runners.get(1)?.fingerprint).toBe('b');
    expect(journal).toEqual(['starting 1', 'start 1 a', 'stop 1 a', 'starting 1', 'start 1 b']);
  });

  it('keeps the running runner when only a live setting changes', async () => {
    addDeployment(1, { on: true, target: 'a', interval: 5 });
    await make().start();
    const first = runners.get(1);
    edit(1, { on: true, target: 'a', interval: 30 });
    await runners.settled();
    expect(runners.get(1)).toBe(first);
    expect(first?.stopped).toBe(false);
    expect(journal).toEqual(['starting 1', 'start 1 a']);
  });

  it('stops the runner of a deleted deployment and forgets it', async () => {
    addDeployment(1, { on: true, target: 'a' });
    addDeployment(2, { on: true, target: 'b' });
    await make().start();
    const first = runners.get(1);
    remove(1);
    await runners.settled();
    expect(first?.stopped).toBe(true);
    expect([...runners.all().keys()]).toEqual([2]);
    expect(forgotten).toEqual([1]);
  });

  it('keeps a start that throws as the deployment problem, announces it, and retries on the next change', async () => {
    addDeployment(1, { on: true, target: 'a', throws: 'The broker password cannot be read.' });
    await make().start();
    expect(runners.get(1)).toBeUndefined();
    expect(runners.problem(1)).toBe('The broker password cannot be read.');
    expect(announced).toEqual([1]);

    edit(1, { on: true, target: 'a' });
    await runners.settled();
    expect(runners.problem(1)).toBeUndefined();
    expect(runners.get(1)?.fingerprint).toBe('a');
    expect(announced).toEqual([1, 1]);
  });

  it('clears the problem when the deployment stops wanting a runner', async () => {
    addDeployment(1, { on: true, target: 'a', throws: 'no broker' });
    await make().start();
    expect(runners.problem(1)).toBe('no broker');
    edit(1, { on: false });
    await runners.settled();
    expect(runners.problem(1)).toBeUndefined();
    expect(announced).toEqual([1, 1]);
  });

  it('stops a runner whose deployment was deleted while it was starting', async () => {
    addDeployment(1, { on: true, target: 'a' });
    make();
    await runners.start();
    let open!: () => void;
    startGate = new Promise((resolve) => (open = resolve));
    edit(1, { on: true, target: 'b' });
    // The restart is under way: the old runner is stopped and the new one is starting.
    await expect.poll(() => journal.at(-1)).toBe('starting 1');
    remove(1);
    open();
    await runners.settled();
    expect(journal).toEqual(['starting 1', 'start 1 a', 'stop 1 a', 'starting 1', 'start 1 b', 'stop 1 b']);
    expect(runners.all().size).toBe(0);
    expect(forgotten).toEqual([1]);
  });

  it('applies quick edits in order: the last one wins and no runner is left behind', async () => {
    addDeployment(1, { on: true, target: 'a' });
    await make().start();
    edit(1, { on: true, target: 'b' });
    edit(1, { on: false });
    edit(1, { on: true, target: 'c' });
    await runners.settled();
    const live = journal.filter((line) => line.startsWith('start ')).length - journal.filter((line) => line.startsWith('stop ')).length;
    expect(live).toBe(1);
    expect(runners.get(1)?.fingerprint).toBe('c');
  });

  it('starts a successor even when the old runner fails to stop', async () => {
    addDeployment(1, { on: true, target: 'a', stopFails: true });
    await make().start();
    edit(1, { on: true, target: 'b' });
    await runners.settled();
    expect(runners.get(1)?.fingerprint).toBe('b');
  });

  it('stops the runners of a removed tenant, including a deployment that only had a problem', async () => {
    addDeployment(1, { on: true, target: 'a' }, 2);
    addDeployment(2, { on: true, throws: 'bad' }, 2);
    addDeployment(3, { on: true, target: 'c' }, 1);
    await make().start();
    const first = runners.get(1);
    db.prepare('DELETE FROM tenants WHERE id = 2').run(); // deployments go with it (ON DELETE CASCADE)
    events.emit('entities.changed', { kind: 'tenant', id: 2, action: 'removed' });
    await runners.settled();
    expect(first?.stopped).toBe(true);
    expect(runners.problem(2)).toBeUndefined();
    expect([...runners.all().keys()]).toEqual([3]);
    expect(forgotten.sort()).toEqual([1, 2]);
  });

  it('stops every runner newest first, then ignores further changes; start and stop are idempotent', async () => {
    addDeployment(1, { on: true, target: 'a' });
    addDeployment(2, { on: true, target: 'b' });
    await make().start();
    await runners.start();
    expect(journal.filter((line) => line.startsWith('start '))).toEqual(['start 1 a', 'start 2 b']);
    await runners.stop();
    expect(journal.filter((line) => line.startsWith('stop '))).toEqual(['stop 2 b', 'stop 1 a']);
    await runners.stop();
    edit(1, { on: true, target: 'z' });
    await runners.settled();
    expect(runners.all().size).toBe(0);
    expect(journal.filter((line) => line.startsWith('stop '))).toHaveLength(2);
  });

  it('waits for a start in progress before stopping, so no runner outlives the set', async () => {
    addDeployment(1, { on: false, target: 'a' });
    await make().start();
    let open!: () => void;
    startGate = new Promise((resolve) => (open = resolve));
    edit(1, { on: true, target: 'a' });
    await expect.poll(() => journal.at(-1)).toBe('starting 1');
    const stopping = runners.stop();
    open();
    await stopping;
    expect(journal).toEqual(['starting 1', 'start 1 a', 'stop 1 a']);
  });

  it('skips the changes still queued when it stops, and announces nothing after', async () => {
    addDeployment(1, { on: false, target: 'a' });
    addDeployment(2, { on: false, target: 'b' });
    await make().start();
    let open!: () => void;
    startGate = new Promise((resolve) => (open = resolve));
    edit(1, { on: true, target: 'a' });
    edit(2, { on: true, target: 'b' });
    await expect.poll(() => journal.at(-1)).toBe('starting 1');
    const stopping = runners.stop();
    open();
    await stopping;
    expect(journal).toEqual(['starting 1', 'start 1 a', 'stop 1 a']);
    const before = announced.length;
    runners.changed(1);
    expect(announced).toHaveLength(before);
  });
});
