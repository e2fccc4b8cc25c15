// @vitest-environment happy-dom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithApi } from '../../test-support/render-with-api.tsx';
import { NOW, at, celeryWorker, seedCelery } from '../../../../test/support/fake-api/celery-seed.ts';
import { DeploymentPage } from '../deployments/DeploymentPage.tsx';

afterEach(() => {
  vi.useRealTimers();
});

describe('Celery workers view', () => {
  it('shows each worker with its status in words, offline ones dimmed and after the online ones', async () => {
    const { api, deployment } = await seedCelery({
      workers: [
        celeryWorker('zeta@tach', { status: 'offline', lastHeartbeat: at(-600), offlineSince: at(-590) }),
        celeryWorker('beta@tach', { active: 3, processed: 1200, clockDrift: 21.4 }),
        celeryWorker('alpha@tach', { status: 'offline', lastHeartbeat: at(-30), offlineSince: at(-20) }),
        celeryWorker('gamma@tach'),
      ],
    });
    renderWithApi(<DeploymentPage id={deployment.id} />, { api, path: `/deployments/${deployment.id}/celery` });

    const table = await screen.findByRole('table', { name: 'Workers' });
    const rows = within(table).getAllByTestId('worker-row');
    expect(rows.map((row) => row.dataset.hostname)).toEqual(['beta@tach', 'gamma@tach', 'alpha@tach', 'zeta@tach']);
    expect(rows.map((row) => row.dataset.status)).toEqual(['online', 'online', 'offline', 'offline']);
    expect(rows[0]?.textContent).toContain('Online');
    expect(rows[2]?.textContent).toContain('Offline');
    expect(rows[2]?.className).toContain('row-dim');
    expect(rows[0]?.className).not.toContain('row-dim');
    expect(rows[0]?.textContent).toContain('1,200');
    expect(rows[0]?.textContent).toContain('clock 21 s off');
    // Drift is our receipt time less the worker's stamp: positive means the worker's clock is behind.
    expect(within(rows[0]!).getByText(/clock 21 s off/).closest('[title]')?.getAttribute('title')).toMatch(/^This worker's clock is 21 s behind this console's\./);
    expect(rows[0]?.textContent).toContain('0.50 / 0.40 / 0.30');

    expect(screen.getByRole('tab', { name: 'Celery' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByTestId('workers-online').textContent).toContain('2 online');
    expect(screen.getByTestId('workers-offline').textContent).toContain('2 offline');
  });

  it('ages the last heartbeat every second between refetches', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, now: NOW });
    const { api, deployment } = await seedCelery({ workers: [celeryWorker('alpha@tach', { lastHeartbeat: at(-3) })] });
    renderWithApi(<DeploymentPage id={deployment.id} />, { api, path: `/deployments/${deployment.id}/celery` });

    const age = await screen.findByTestId('heartbeat-age');
    expect(age.textContent).toBe('3s ago');
    await vi.advanceTimersByTimeAsync(2_000);
    await waitFor(() => expect(age.textContent).toBe('5s ago'));
  });

  it('opens a worker page from its row, keeping the place in the URL', async () => {
    const { api, deployment } = await seedCelery({ workers: [celeryWorker('alpha@tach')] });
    const { location } = renderWithApi(<DeploymentPage id={deployment.id} />, { api, path: `/deployments/${deployment.id}/celery` });

    await userEvent.click(await screen.findByRole('link', { name: 'alpha@tach' }));

    expect(await screen.findByTestId('worker-page')).toBeTruthy();
    expect(location.history?.at(-1)).toBe(`/deployments/${deployment.id}/celery/workers/alpha%40tach?`);
    expect(screen.getByTestId('worker-details').textContent).toContain('every 2 s');
  });

  it('explains an empty tab when monitoring is off, and turns it on', async () => {
    const { api, deployment } = await seedCelery({}, { celery: { enabled: false } });
    renderWithApi(<DeploymentPage id={deployment.id} />, { api, path: `/deployments/${deployment.id}/celery` });

    expect(await screen.findByRole('heading', { name: 'Celery monitoring is off for this deployment' })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Turn on Celery monitoring' }));

    await waitFor(() => expect(api.calls.some((call) => call.channel === 'deployments.update')).toBe(true));
    expect(api.calls.find((call) => call.channel === 'deployments.update')?.input).toEqual({ id: deployment.id, celery: { enabled: true } });
    // The deployment refetched with monitoring on: the monitor replaces the explanation.
    expect(await screen.findByText('No workers seen yet')).toBeTruthy();
    expect(screen.getByTestId('consumer-state').dataset.state).toBe('consuming');
  });

  it('asks for a broker first when the deployment has none', async () => {
    const { api, deployment } = await seedCelery({}, { broker: null });
    renderWithApi(<DeploymentPage id={deployment.id} />, { api, path: `/deployments/${deployment.id}/celery` });

    expect(await screen.findByRole('heading', { name: 'Add a broker first' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Turn on Celery monitoring' })).toBeNull();
  });
});
