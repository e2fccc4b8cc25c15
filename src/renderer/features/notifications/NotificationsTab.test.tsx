// @vitest-environment happy-dom
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationEventDetail } from '../../../shared/domain/notifications.ts';
import { createFakeApi } from '../../../../test/support/fake-api/fake-api.ts';
import type { FakeNotificationData } from '../../../../test/support/fake-api/fake-notifications.ts';
import { renderWithApi } from '../../test-support/render-with-api.tsx';
import { seedDeployment, seedTenant } from '../../../../test/support/fake-api/seed.ts';
import { DeploymentPage } from '../deployments/DeploymentPage.tsx';

// happy-dom lays nothing out: give the events' scroll box a height so the virtualizer has a viewport.
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

const INSTANCE = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';

function event(id: number, eventType: string, overrides: Partial<NotificationEventDetail> = {}): NotificationEventDetail {
  const isError = eventType.endsWith('.error');
  return {
    id,
    messageId: `m-${id}`,
    when: `2026-11-23T09:41:0${id}.450779Z`,
    eventType,
    publisher: 'compute.host1',
    service: 'compute',
    host: 'host1',
    instance: INSTANCE,
    requestId: 'req-1',
    tenant: 'acme-project',
    priority: isError ? 'ERROR' : 'INFO',
    routingKey: isError ? 'monitor.error' : 'monitor.info',
    exchange: 'nova',
    isError,
    clockSkewSent: null,
    deploymentId: 1,
    queue: 'monitor.info',
    receivedAt: '2026-11-23T09:41:09.000Z',
    state: isError ? 'error' : 'building',
    oldState: null,
    taskState: null,
    oldTaskState: null,
    format: 'v2',
    raw: { message_id: `m-${id}`, event_type: eventType, payload: { instance_id: INSTANCE, note: 'the whole message' } },
    ...overrides,
  };
}

async function seed(data: Partial<FakeNotificationData>, enabled = true) {
  const notifications = new Map<number, FakeNotificationData>();
  const api = createFakeApi({ notifications });
  const tenant = await seedTenant(api, 'acme');
  const deployment = await seedDeployment(api, { tenantId: tenant.id, name: 'cloud', broker: { url: 'amqp://tach@rabbit1:5672/' }, notifications: { enabled } });
  notifications.set(deployment.id, { events: [], ...data });
  return { api, deployment };
}

describe('Notifications tab', () => {
  it('shows the consumer health, each queue and the plain warning for a transient queue', async () => {
    const { api, deployment } = await seed({
      overview: {
        health: 'reconnecting',
        detail: 'The connection was closed by the broker; retrying in 1 s.',
        queues: [
          { queue: 'monitor.info', exchanges: ['nova'], state: 'ready', detail: 'Ready.', origin: 'adopted', durable: false },
          { queue: 'monitor.error', exchanges: ['nova'], state: 'ready', detail: 'Ready.', origin: 'created', durable: false },
        ],
      },
    });
    renderWithApi(<DeploymentPage id={deployment.id} />, { api, path: `/deployments/${deployment.id}/notifications` });
    expect((await screen.findByTestId('health-detail')).textContent).toContain('closed by the broker');
    expect(screen.getByTestId('consumer-state').dataset.state).toBe('reconnecting');
    const queues = screen.getAllByTestId('queue');
    expect(queues[0]!.textContent).toContain('found on the broker, used as it is');
    expect(queues[1]!.textContent).toContain('created by Tach');
    expect(screen.getByTestId('transient-warning').textContent).toContain('loses its messages if the broker restarts');
    // No burst being indexed: nothing said about it.
    expect(screen.queryByTestId('indexing')).toBeNull();
  });

  it('says how many committed events are still being indexed after a burst, and what that means', async () => {
    const { api, deployment } = await seed({ overview: { health: 'consuming', detail: 'Consuming monitor.info from nova.', storedTotal: 120_000, indexingTotal: 48_200 } });
    renderWithApi(<DeploymentPage id={deployment.id} />, { api, path: `/deployments/${deployment.id}/notifications` });
    const indexing = await screen.findByTestId('indexing');
    expect(indexing.textContent).toMatch(/48[,.\u00a0\u202f ]?200 being indexed/);
    expect(indexing.title).toContain('acknowledged to the broker');
  });

  it('lists events newest first, highlights errors, filters by the URL and opens the full JSON', async () => {
    const { api, deployment } = await seed({
      events: [event(1, 'compute.instance.create.start'), event(2, 'compute.instance.create.error'), event(3, 'compute.instance.update', { instance: 'other' })],
    });
    renderWithApi(<DeploymentPage id={deployment.id} />, { api, path: `/deployments/${deployment.id}/notifications/events` });
    await screen.findByTestId('events-table');
    const rows = await screen.findAllByTestId('event-row');
    expect(rows.map((r) => r.textContent?.includes('compute.instance.update'))).toEqual([true, false, false]);
    expect(rows[1]!.dataset.error).toBe('true');
    expect(screen.getByTestId('errors-link').textContent).toContain('1 error');

    await userEvent.type(screen.getByLabelText('Instance'), INSTANCE);
    await userEvent.click(screen.getByRole('button', { name: 'Filter' }));
    await expect.poll(() => screen.getAllByTestId('event-row').length).toBe(2);
    expect(api.calls.filter((c) => c.channel === 'notifications.events').at(-1)?.input).toMatchObject({ instance: INSTANCE });

    await userEvent.click(screen.getAllByTestId('event-row')[0]!);
    const detail = await screen.findByTestId('event-detail');
    expect(within(detail).getByRole('heading', { level: 2 }).textContent).toContain('compute.instance.create.error');
    expect(screen.getByTestId('event-json').textContent).toContain('the whole message');
  });

  it('shows an instance lifecycle with its state and its events in order', async () => {
    const { api, deployment } = await seed({ events: [event(2, 'compute.instance.create.end', { state: 'active' }), event(1, 'compute.instance.create.start')] });
    renderWithApi(<DeploymentPage id={deployment.id} />, { api, path: `/deployments/${deployment.id}/notifications/instances/${INSTANCE}` });
    expect((await screen.findByTestId('instance-state')).textContent).toBe('active');
    const lines = within(screen.getByRole('table', { name: 'Lifecycle events' })).getAllByRole('row').slice(1);
    expect(lines.map((l) => l.textContent?.includes('.start'))).toEqual([true, false]);
  });

  it('keeps what was stored browsable after notifications are turned off', async () => {
    const { api, deployment } = await seed({ events: [event(1, 'compute.instance.create.start'), event(2, 'compute.instance.create.end')] }, false);
    renderWithApi(<DeploymentPage id={deployment.id} />, { api, path: `/deployments/${deployment.id}/notifications/events` });
    expect(await screen.findByText(/2 events stored before can still be browsed/)).toBeTruthy();
    expect(await screen.findAllByTestId('event-row')).toHaveLength(2);
    expect(screen.getByRole('navigation', { name: 'Notification views' })).toBeTruthy();
  });

  it('offers to turn notifications on, with the producer flags explained', async () => {
    const { api, deployment } = await seed({}, false);
    renderWithApi(<DeploymentPage id={deployment.id} />, { api, path: `/deployments/${deployment.id}/notifications` });
    await screen.findByText('Notifications are off for this deployment');
    await userEvent.click(screen.getByLabelText(/amqp_durable_queues/));
    await userEvent.click(screen.getByRole('button', { name: 'Turn on notifications' }));
    await expect
      .poll(() => api.calls.find((c) => c.channel === 'deployments.update')?.input)
      .toMatchObject({ notifications: { enabled: true, durableQueues: true, exchanges: ['nova'], queues: ['monitor.info', 'monitor.error'] } });
    expect(await screen.findByTestId('notifications-tab')).toBeTruthy();
  });
});
