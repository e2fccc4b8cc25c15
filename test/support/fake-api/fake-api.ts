import type { Api } from '../../../src/shared/contract/api.ts';
import { CHANNELS, type Events, type EventName, type RequestChannel, type RequestInput, type RequestOutput } from '../../../src/shared/contract/channels.ts';
import { fail, ok } from '../../../src/shared/contract/result.ts';
import { inputError } from '../../../src/shared/contract/input-error.ts';
// The engine's own rule for where boards given with the ZooKeeper hosts are kept (a pure function).
import { jobboardsPatch } from '../../../src/main/engine/kernel/deployments/jobboards-fields.ts';
import type { ApiError, Result } from '../../../src/shared/contract/result.ts';
import type { BrokerInput, ZookeeperInput } from '../../../src/shared/contract/schemas.ts';
import type { ConnectionChecks, ConnectionKind, Deployment, Tenant } from '../../../src/shared/domain/types.ts';
import { DEFAULT_SETTINGS } from '../../../src/shared/domain/settings.ts';
import { patchSettings } from '../../../src/shared/domain/settings-merge.ts';
import { changedKinds, maskPassword, toStoredBroker } from './fake-broker-rules.ts';
import { fakeCelery, type FakeCeleryData } from './fake-celery.ts';
import { fakeBroker, type FakeBrokerData } from './fake-broker.ts';
import { fakeNotifications, type FakeNotificationData } from './fake-notifications.ts';
import { fakeJobboards, type FakeJobboardData } from './fake-jobboards.ts';
import type { StoredBroker } from './fake-broker-rules.ts';

export interface StoredDeployment extends Omit<Deployment, 'broker'> {
  broker: StoredBroker | null;
}

export type CheckOutcome = (kind: ConnectionKind) => { ok: boolean; detail: string };

export interface FakeApiOptions {
  /** What a connection test reports per connection kind; every kind succeeds by default. */
  checkOutcome?: CheckOutcome;
  /** What a native file dialog answers; without it the fake is a headless door and refuses. */
  pickFile?: () => string | null;
  /** Celery data per deployment id, for the Celery views. */
  celery?: Map<number, FakeCeleryData>;
  /** Broker health and alerts per deployment id. */
  broker?: Map<number, FakeBrokerData>;
  /** Notification data per deployment id, for the notifications views. */
  notifications?: Map<number, FakeNotificationData>;
  /** Job board data per deployment id, for the job board views. */
  jobboards?: Map<number, FakeJobboardData>;
  /** Delay before each answer, to let a test see pending states. */
  latencyMs?: number;
  now?: () => Date;
}

export interface FakeApi extends Api {
  /** Every request as received, in order: what a form actually sent. */
  readonly calls: Array<{ channel: RequestChannel; input: unknown }>;
  emit<E extends EventName>(event: E, payload: Events[E]): void;
  setCheckOutcome(outcome: CheckOutcome): void;
  /** The next request on `channel` answers with this error instead. */
  failNext(channel: RequestChannel, error: ApiError): void;
  /** Stored secrets in clear, for asserting the masking rules. */
  secretsOf(deploymentId: number): { password: string | null; managementPassword: string | null } | undefined;
}

const defaultOutcome: CheckOutcome = (kind) => ({
  ok: true,
  detail: {
    broker: 'Connected to RabbitMQ 3.10.8 on Erlang 25.2.3.',
    management: 'Management API of RabbitMQ 3.10.8 answered.',
    zookeeper: 'ZooKeeper 3.8.0 answered in standalone mode.',
  }[kind],
});

type Handlers = { [C in RequestChannel]: (input: RequestInput<C>) => Result<RequestOutput<C>> | Promise<Result<RequestOutput<C>>> };

/** An in-memory engine behind the contract, faithful enough for component tests. */
export function createFakeApi(options: FakeApiOptions = {}): FakeApi {
  const now = options.now ?? (() => new Date());
  let checkOutcome = options.checkOutcome ?? defaultOutcome;
  const tenants = new Map<number, Omit<Tenant, 'deploymentCount'>>();
  const deployments = new Map<number, StoredDeployment>();
  const listeners = new Set<(event: string, payload: unknown) => void>();
  const failures = new Map<RequestChannel, ApiError>();
  const calls: FakeApi['calls'] = [];
  let nextId = 1;

  const emit = <E extends EventName>(event: E, payload: Events[E]) => {
    queueMicrotask(() => {
      for (const listener of [...listeners]) listener(event, payload);
    });
  };

  const tenantView = (tenant: Omit<Tenant, 'deploymentCount'>): Tenant => ({
    ...tenant,
    deploymentCount: [...deployments.values()].filter((d) => d.tenantId === tenant.id).length,
  });

  const deploymentView = ({ broker, zookeeper, ...rest }: StoredDeployment): Deployment => ({
    ...rest,
    // As the engine shows it: the boards and the discovery root live in the job boards settings.
    zookeeper: zookeeper && { hosts: zookeeper.hosts, jobboards: rest.settings.jobboards.paths, discover: rest.settings.jobboards.discover },
    broker: broker && {
      url: maskPassword(broker.url, broker.password !== null),
      hasPassword: broker.password !== null,
      managementUrl: broker.managementUrl && maskPassword(broker.managementUrl, broker.managementPassword !== null),
      hasManagementPassword: broker.managementPassword !== null,
      tls: broker.tls,
    },
  });

  const resolveBroker = (input: BrokerInput | null | undefined, stored: StoredBroker | null) =>
    input === undefined ? stored : input === null ? null : toStoredBroker(input, stored);
  const resolveZookeeper = (input: ZookeeperInput | null | undefined, stored: { hosts: string } | null) =>
    input === undefined ? stored : input === null ? null : { hosts: input.hosts };

  const nameTaken = (names: Iterable<{ id: number; name: string }>, name: string, exceptId?: number) =>
    [...names].some((entry) => entry.id !== exceptId && entry.name.toLowerCase() === name.toLowerCase());

  const runChecks = (broker: StoredBroker | null, zookeeper: { hosts: string } | null): ConnectionChecks => {
    const kinds: ConnectionKind[] = [];
    if (broker) kinds.push('broker');
    if (broker?.managementUrl) kinds.push('management');
    if (zookeeper) kinds.push('zookeeper');
    const checkedAt = now().toISOString();
    return Object.fromEntries(kinds.map((kind) => [kind, { ...checkOutcome(kind), checkedAt, elapsedMs: 12 }]));
  };

  const handlers: Handlers = {
    'app.info': () =>
      ok({
        version: '0.1.0',
        door: options.pickFile ? 'desktop' : 'headless',
        dataDir: '/tmp/tach-fake',
        capabilities: { nativeFileDialogs: options.pickFile !== undefined },
      }),
    'store.health': () =>
      ok({
        state: 'ok',
        message: null,
        dataDir: '/tmp/tach-fake',
        freeBytes: 10 * 1024 ** 3,
        storeBytes: 4096,
        walBytes: 0,
        fullSince: null,
        logFileWritable: true,
        logLinesDropped: 0,
        lastBackup: null,
      }),
    'tenants.list': () => ok([...tenants.values()].map(tenantView).sort((a, b) => a.name.localeCompare(b.name))),
    'tenants.get': ({ id }) => {
      const tenant = tenants.get(id);
      return tenant ? ok(tenantView(tenant)) : fail('not_found', `No tenant with id ${id}.`);
    },
    'tenants.create': ({ name }) => {
      if (nameTaken(tenants.values(), name)) return fail('conflict', `A tenant named "${name}" already exists.`, 'name');
      const tenant = { id: nextId++, name, createdAt: now().toISOString() };
      tenants.set(tenant.id, tenant);
      emit('entities.changed', { kind: 'tenant', id: tenant.id, action: 'created' });
      return ok(tenantView(tenant));
    },
    'tenants.update': ({ id, name }) => {
      const tenant = tenants.get(id);
      if (!tenant) return fail('not_found', `No tenant with id ${id}.`);
      if (nameTaken(tenants.values(), name, id)) return fail('conflict', `A tenant named "${name}" already exists.`, 'name');
      tenant.name = name;
      emit('entities.changed', { kind: 'tenant', id, action: 'updated' });
      return ok(tenantView(tenant));
    },
    'tenants.remove': ({ id }) => {
      if (!tenants.delete(id)) return fail('not_found', `No tenant with id ${id}.`);
      for (const deployment of [...deployments.values()]) {
        if (deployment.tenantId === id) deployments.delete(deployment.id);
      }
      emit('entities.changed', { kind: 'tenant', id, action: 'removed' });
      return ok({ id });
    },
    'deployments.list': ({ tenantId }) => {
      if (!tenants.has(tenantId)) return fail('not_found', `No tenant with id ${tenantId}.`);
      const list = [...deployments.values()].filter((d) => d.tenantId === tenantId);
      return ok(list.map(deploymentView).sort((a, b) => a.name.localeCompare(b.name)));
    },
    'deployments.get': ({ id }) => {
      const deployment = deployments.get(id);
      return deployment ? ok(deploymentView(deployment)) : fail('not_found', `No deployment with id ${id}.`);
    },
    'deployments.create': (input) => {
      const { tenantId, name, broker, zookeeper, celery, brokerHealth, alerts, notifications } = input;
      if (!tenants.has(tenantId)) return fail('not_found', `No tenant with id ${tenantId}.`);
      const siblings = [...deployments.values()].filter((d) => d.tenantId === tenantId);
      if (nameTaken(siblings, name)) return fail('conflict', `This tenant already has a deployment named "${name}".`, 'name');
      const at = now().toISOString();
      const deployment: StoredDeployment = {
        id: nextId++,
        tenantId,
        name,
        createdAt: at,
        updatedAt: at,
        broker: resolveBroker(broker, null),
        zookeeper: resolveZookeeper(zookeeper, null),
        settings: patchSettings(DEFAULT_SETTINGS, { celery, brokerHealth, alerts, notifications, jobboards: jobboardsPatch(input) }),
        checks: {},
      };
      deployments.set(deployment.id, deployment);
      emit('entities.changed', { kind: 'deployment', id: deployment.id, action: 'created' });
      return ok(deploymentView(deployment));
    },
    'deployments.update': (input) => {
      const { id, name, broker, zookeeper, celery, brokerHealth, alerts, notifications } = input;
      const deployment = deployments.get(id);
      if (!deployment) return fail('not_found', `No deployment with id ${id}.`);
      if (name !== undefined) {
        const siblings = [...deployments.values()].filter((d) => d.tenantId === deployment.tenantId);
        if (nameTaken(siblings, name, id)) return fail('conflict', `This tenant already has a deployment named "${name}".`, 'name');
        deployment.name = name;
      }
      const before = { broker: deployment.broker, zookeeper: deployment.zookeeper };
      deployment.broker = resolveBroker(broker, deployment.broker);
      deployment.zookeeper = resolveZookeeper(zookeeper, deployment.zookeeper);
      deployment.settings = patchSettings(deployment.settings, { celery, brokerHealth, alerts, notifications, jobboards: jobboardsPatch(input) });
      // A check of a connection that now points elsewhere says nothing any more.
      for (const kind of changedKinds(before, deployment)) delete deployment.checks[kind];
      deployment.updatedAt = now().toISOString();
      emit('entities.changed', { kind: 'deployment', id, action: 'updated' });
      return ok(deploymentView(deployment));
    },
    'deployments.remove': ({ id }) => {
      if (!deployments.delete(id)) return fail('not_found', `No deployment with id ${id}.`);
      emit('entities.changed', { kind: 'deployment', id, action: 'removed' });
      return ok({ id });
    },
    'deployments.test': ({ id }) => {
      const deployment = deployments.get(id);
      if (!deployment) return fail('not_found', `No deployment with id ${id}.`);
      deployment.checks = runChecks(deployment.broker, deployment.zookeeper);
      emit('deployment.checked', { deploymentId: id, checks: deployment.checks });
      return ok(deployment.checks);
    },
    'connections.testDraft': ({ deploymentId, broker, zookeeper }) => {
      const stored = deploymentId === undefined ? undefined : deployments.get(deploymentId);
      if (deploymentId !== undefined && !stored) return fail('not_found', `No deployment with id ${deploymentId}.`);
      return ok(runChecks(resolveBroker(broker, stored?.broker ?? null), resolveZookeeper(zookeeper, null)));
    },
    'dialog.pickFile': () =>
      options.pickFile
        ? ok({ path: options.pickFile() })
        : fail('unavailable', 'Choosing a file needs the desktop app; type the path instead.'),
    ...fakeCelery(options.celery ?? new Map(), (id) => deployments.get(id)?.settings.celery.readOnly ?? false),
    ...fakeBroker(options.broker ?? new Map(), (id) => deployments.has(id)),
    ...fakeNotifications(options.notifications ?? new Map()),
    ...fakeJobboards(options.jobboards ?? new Map()),
  };


  return {
    calls,
    async invoke<C extends RequestChannel>(channel: C, input: RequestInput<C>): Promise<Result<RequestOutput<C>>> {
      calls.push({ channel, input: structuredClone(input) });
      if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
      const failure = failures.get(channel);
      if (failure) {
        failures.delete(channel);
        return { ok: false, error: failure };
      }
      const parsed = CHANNELS[channel].input.safeParse(input);
      if (!parsed.success) return { ok: false, error: inputError(parsed.error) };
      // Like the engine: whatever a deployment's channel asks, an unknown deployment is not_found first.
      const deploymentId = (parsed.data as { deploymentId?: unknown } | undefined)?.deploymentId;
      if (typeof deploymentId === 'number' && !deployments.has(deploymentId)) return fail('not_found', `Deployment ${deploymentId} does not exist.`);
      const handler = handlers[channel] as (value: unknown) => Result<RequestOutput<C>> | Promise<Result<RequestOutput<C>>>;
      return handler(parsed.data);
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
      const wrapped = (name: string, payload: unknown) => {
        if (name === event) listener(payload as Events[E]);
      };
      listeners.add(wrapped);
      return () => {
        listeners.delete(wrapped);
      };
    },
    emit,
    setCheckOutcome(outcome) {
      checkOutcome = outcome;
    },
    failNext(channel, error) {
      failures.set(channel, error);
    },
    secretsOf(deploymentId) {
      const broker = deployments.get(deploymentId)?.broker;
      return broker ? { password: broker.password, managementPassword: broker.managementPassword } : undefined;
    },
  };
}
