// @vitest-environment happy-dom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, BrokerHealth, QueueStat } from '../../../shared/domain/broker.ts';
import { createFakeApi } from '../../../../test/support/fake-api/fake-api.ts';
import type { FakeBrokerData } from '../../../../test/support/fake-api/fake-broker.ts';
import { renderWithApi } from '../../test-support/render-with-api.tsx';
import { seedDeployment, seedTenant } from '../../../../test/support/fake-api/seed.ts';
import { DeploymentPage } from '../deployments/DeploymentPage.tsx';
import { DeploymentsTable } from '../deployments/DeploymentsTable.tsx';
import { brokerPaths } from './broker-paths.ts';

// happy-dom lays nothing out: give the queues' scroll box a height so the virtualizer has a viewport.
const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('tasks-scroll') ? 600 : 0;
    },
  });
});
afterAll(() => {
  if (clientHeight) Object.defineProperty(HTMLElement.prototype, 'clientHeight', clientHeight);
});

const queue = (name: string, over: Partial<QueueStat> = {}): QueueStat => ({
  name,
  vhost: '/',
  messages: 0,
  messagesReady: 0,
  messagesUnacknowledged: 0,
  consumers: 1,
  memory: 2048,
  consumerUtilisation: 1,
  publishRate: 0,
  deliverRate: 0,
  ackRate: 0,
  growthPerMinute: 0,
  idleSince: null,
  messageTtlMs: null,
  ...over,
});

const health = (over: Partial<BrokerHealth>): BrokerHealth => ({
  source: 'management',
  state: 'ok',
  detail: 'Polling the management API at rabbit:15672 (RabbitMQ 3.10.8).',
  limits: null,
  lastPollAt: '2026-11-23T10:00:00.000Z',
  pollIntervalSeconds: 10,
  overview: {
    rabbitmqVersion: '3.10.8',
    erlangVersion: '25.2.3',
    clusterName: 'rabbit@ops',
    connections: 12,
    channels: 30,
    queues: 3,
    consumers: 4,
    messagesReady: 4200,
    messagesUnacknowledged: 3,
    nodes: [{ name: 'rabbit@ops', running: true, memUsed: 1e9, memLimit: 4e9, memAlarm: true, diskFree: 5e10, diskFreeLimit: 5e7, diskFreeAlarm: false, fdUsed: 40, fdTotal: 1024 }],
  },
  queues: [],
  ...over,
});

const openAlert: Alert = {
  id: 7,
  deploymentId: 0,
  rule: 'queue.no_consumer',
  subject: '%2F/notifications.info',
  severity: 'critical',
  message: 'Queue notifications.info has 4,200 messages and no consumer, and grows by 600 a minute.',
  openedAt: '2026-11-23T09:58:00.000Z',
  closedAt: null,
  peakValue: 4200,
  lastValue: 4200,
};

async function setup(data: (deploymentId: number) => FakeBrokerData, path = (id: number) => `/deployments/${id}/queues`) {
  const broker = new Map<number, FakeBrokerData>();
  const api = createFakeApi({ broker });
  const tenant = await seedTenant(api, 'acme');
  const deployment = await seedDeployment(api, { tenantId: tenant.id, name: 'nova', broker: { url: 'amqp://rabbit/', managementUrl: 'http://rabbit:15672' } });
  broker.set(deployment.id, data(deployment.id));
  const view = renderWithApi(<DeploymentPage id={deployment.id} />, { api, path: path(deployment.id) });
  return { api, deployment, ...view };
}

describe('Queues tab', () => {
  it('shows the broker overview with alarms, and the queues deepest first with the stalled one marked', async () => {
    await setup((id) => ({
      health: health({
        queues: [queue('celery', { messages: 2 }), queue('notifications.info', { messages: 4200, consumers: 0, growthPerMinute: 600 }), queue('notifications.error', { messages: 30 })],
      }),
      alerts: [{ ...openAlert, deploymentId: id }],
    }));
    const overview = await screen.findByTestId('broker-overview');
    expect(overview.textContent).toContain('3.10.8');
    expect(overview.textContent).toContain('4,200');
    expect(screen.getByTestId('broker-header').textContent).toContain('memory alarm: publishers are blocked');
    const rows = await screen.findAllByTestId('queue-row');
    expect(rows.map((row) => row.dataset.queue)).toEqual(['notifications.info', 'notifications.error', 'celery']);
    await waitFor(() => expect(rows[0]?.className).toContain('queue-alerting'));
    expect(rows[0]?.className).toContain('queue-stalled');
    expect(rows[0]?.textContent).toContain('+600');
    expect(within(screen.getByRole('navigation', { name: 'Broker views' })).getByTestId('broker-nav-alerts').textContent).toBe('Alerts1');
  });

  it('filters by name and sorts by a column header, keeping both in the URL', async () => {
    const { location } = await setup(() => ({
      health: health({ queues: [queue('a.events', { messages: 1, consumers: 3 }), queue('b.events', { messages: 9, consumers: 1 }), queue('other', { messages: 5 })] }),
    }));
    await screen.findAllByTestId('queue-row');
    await userEvent.type(screen.getByTestId('queue-search'), 'events');
    await waitFor(() => expect(screen.getAllByTestId('queue-row').map((r) => r.dataset.queue)).toEqual(['b.events', 'a.events']));
    await userEvent.click(screen.getByTestId('sort-consumers'));
    await waitFor(() => expect(screen.getAllByTestId('queue-row').map((r) => r.dataset.queue)).toEqual(['a.events', 'b.events']));
    expect(location.history?.at(-1)).toContain('sort=consumers');
    expect(location.history?.at(-1)).toContain('q=events');
  });

  it('says what passive declares cannot see, and why polling fails', async () => {
    await setup(() => ({
      health: health({
        source: 'passive',
        state: 'error',
        overview: null,
        detail: 'Not connected to the broker: connection refused. Polling again every 10 s.',
        limits: 'No management API URL is set, so Tach passive-declares the queues named in the broker health settings.',
      }),
    }));
    expect((await screen.findByTestId('poll-state')).textContent).toBe('Failing');
    expect(screen.getByTestId('poll-detail').textContent).toContain('connection refused');
    expect(screen.getByText(/No management API URL is set/)).toBeTruthy();
    expect(screen.getByText('No queue figures yet')).toBeTruthy();
  });

  it('lists the alert history, open ones first', async () => {
    await setup(
      (id) => ({
        health: health({}),
        alerts: [
          { ...openAlert, deploymentId: id },
          { ...openAlert, id: 3, deploymentId: id, rule: 'queue.depth', severity: 'warning', closedAt: '2026-11-23T09:00:00.000Z', openedAt: '2026-11-23T08:00:00.000Z' },
        ],
      }),
      (id) => `/deployments/${id}/queues/alerts`,
    );
    const rows = await screen.findAllByTestId('alert-row');
    expect(rows.map((row) => row.dataset.open)).toEqual(['true', 'false']);
    expect(rows[0]?.textContent).toContain('No consumer');
    expect(rows[1]?.textContent).toContain('60 min');
  });

  it('saves thresholds, an empty one turning its rule off, and shows the field the engine refused', async () => {
    const { api, deployment } = await setup(() => ({ health: health({}) }), (id) => `/deployments/${id}/queues/settings`);
    const depth = await screen.findByLabelText('Depth (messages)');
    await userEvent.clear(depth);
    await userEvent.clear(screen.getByLabelText('Poll every (seconds)'));
    await userEvent.type(screen.getByLabelText('Poll every (seconds)'), '0');
    await userEvent.click(screen.getByRole('button', { name: 'Save broker health settings' }));
    expect(await screen.findByText('must be at least 1')).toBeTruthy();
    await userEvent.type(screen.getByLabelText('Poll every (seconds)'), '5');
    await userEvent.click(screen.getByRole('button', { name: 'Save broker health settings' }));
    await waitFor(async () => {
      const stored = await api.invoke('deployments.get', { id: deployment.id });
      expect(stored.ok && stored.value.settings.brokerHealth).toMatchObject({ pollInterval: 5, thresholds: { depth: null, noConsumerDepth: 100 } });
    });
  });

  it("gives one queue thresholds of its own, leaving the deployment's for the others", async () => {
    const { api, deployment } = await setup(
      () => ({ health: health({ queues: [queue('bulk', { messages: 50_000 })] }) }),
      (id) => brokerPaths(id).queue('/', 'bulk'),
    );
    const form = await screen.findByTestId('queue-thresholds');
    const depth = within(form).getByLabelText('Depth (messages)');
    expect(within(form).getByText('In effect: 10000')).toBeTruthy();
    await userEvent.type(depth, '1000000');
    await userEvent.type(within(form).getByLabelText('No consumer, at least (messages)'), 'off');
    await userEvent.click(within(form).getByRole('button', { name: "Save this queue's thresholds" }));
    await waitFor(async () => {
      const stored = await api.invoke('deployments.get', { id: deployment.id });
      expect(stored.ok && stored.value.settings.brokerHealth.queueOverrides).toEqual([{ queue: '%2F/bulk', thresholds: { depth: 1_000_000, noConsumerDepth: null } }]);
      expect(stored.ok && stored.value.settings.brokerHealth.thresholds.depth).toBe(10_000);
    });
    // Saved, the form shows what is stored (it is rebuilt from the updated deployment).
    const saved = await screen.findByTestId('queue-thresholds');
    await waitFor(() => expect(within(saved).getByText('In effect: 1000000')).toBeTruthy());
    await userEvent.clear(within(saved).getByLabelText('Depth (messages)'));
    await userEvent.type(within(saved).getByLabelText('Depth (messages)'), 'lots');
    await userEvent.click(within(saved).getByRole('button', { name: "Save this queue's thresholds" }));
    expect(await screen.findByText(/must be a number/)).toBeTruthy();
  });
});

describe('deployment list', () => {
  it('marks a deployment with open alerts, linking to them', async () => {
    const broker = new Map<number, FakeBrokerData>();
    const api = createFakeApi({ broker });
    const tenant = await seedTenant(api, 'acme');
    const deployment = await seedDeployment(api, { tenantId: tenant.id, name: 'nova' });
    broker.set(deployment.id, { health: health({}), alerts: [{ ...openAlert, deploymentId: deployment.id }] });
    const list = await api.invoke('deployments.list', { tenantId: tenant.id });
    renderWithApi(<DeploymentsTable deployments={list.ok ? list.value : []} />, { api });
    const mark = await screen.findByTestId(`alert-mark-${deployment.id}`);
    expect(mark.textContent).toContain('1 alert');
    expect(mark.getAttribute('href')).toContain(`/deployments/${deployment.id}/queues/alerts`);
  });
});
