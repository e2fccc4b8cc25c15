// @vitest-environment happy-dom
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { CeleryStatsQuery } from '../../../shared/contract/schemas.ts';
import { renderWithApi } from '../../test-support/render-with-api.tsx';
import { seedCelery } from '../../../../test/support/fake-api/celery-seed.ts';
import { DeploymentPage } from '../deployments/DeploymentPage.tsx';
import { parseCeleryView } from './celery-paths.ts';

const statsCalls = (calls: Array<{ channel: string; input: unknown }>) =>
  calls.filter((c) => c.channel === 'celery.stats').map((c) => c.input as CeleryStatsQuery);

describe('Celery charts', () => {
  it('has its own reload-safe address', () => {
    expect(parseCeleryView('charts')).toEqual({ kind: 'charts' });
    expect(parseCeleryView('snapshots')).toEqual({ kind: 'snapshots' });
    expect(parseCeleryView('charts/x')).toEqual({ kind: 'unknown' });
  });

  it('asks for 60 intervals of the last hour and says when there is nothing in it', async () => {
    const { api, deployment } = await seedCelery({ stats: { bucketSeconds: 60, buckets: [] } });
    renderWithApi(<DeploymentPage id={deployment.id} />, { api, path: `/deployments/${deployment.id}/celery/charts` });

    expect(await screen.findByText('Nothing in this window')).toBeTruthy();
    const [query] = statsCalls(api.calls);
    expect(query?.buckets).toBe(60);
    expect(Date.parse(query?.until ?? '') - Date.parse(query?.since ?? '')).toBe(60 * 60 * 1000);
    expect(screen.getByTestId('chart-window-1h').getAttribute('aria-pressed')).toBe('true');

    await userEvent.click(screen.getByTestId('chart-window-6h'));
    await screen.findByText('Nothing in this window');
    const last = statsCalls(api.calls).at(-1);
    expect(Date.parse(last?.until ?? '') - Date.parse(last?.since ?? '')).toBe(6 * 60 * 60 * 1000);
    expect(screen.getByTestId('chart-window-6h').getAttribute('aria-pressed')).toBe('true');
  });

  it('shows the charts when the window has data', async () => {
    const { api, deployment } = await seedCelery({
      stats: {
        bucketSeconds: 60,
        buckets: [{ start: '2026-11-23T10:00:00.000Z', succeeded: 5, failed: 1, retried: 0, runtimeP50: 0.01, runtimeP95: 0.2, runtimeP99: 1.5, workersOnline: 2 }],
      },
    });
    renderWithApi(<DeploymentPage id={deployment.id} />, { api, path: `/deployments/${deployment.id}/celery/charts?window=24h` });
    expect(await screen.findByRole('region', { name: 'Tasks' })).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Runtime' })).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Workers online' })).toBeTruthy();
    expect(screen.queryByText('Nothing in this window')).toBeNull();
    expect(screen.getByTestId('chart-window-24h').getAttribute('aria-pressed')).toBe('true');
  });
});
