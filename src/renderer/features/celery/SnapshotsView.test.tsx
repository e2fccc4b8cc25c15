// @vitest-environment happy-dom
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { CelerySnapshot } from '../../../shared/domain/celery.ts';
import { createFakeApi } from '../../../../test/support/fake-api/fake-api.ts';
import type { FakeCeleryData } from '../../../../test/support/fake-api/fake-celery.ts';
import { renderWithApi } from '../../test-support/render-with-api.tsx';
import { seedCelery } from '../../../../test/support/fake-api/celery-seed.ts';
import { seedDeployment, seedTenant } from '../../../../test/support/fake-api/seed.ts';
import { DeploymentPage } from '../deployments/DeploymentPage.tsx';

const recent = (minutesAgo: number): string => new Date(Date.now() - minutesAgo * 60_000).toISOString();

function snapshot(id: number, minutesAgo: number, overrides: Partial<CelerySnapshot> = {}): CelerySnapshot {
  return {
    id,
    takenAt: recent(minutesAgo),
    workers: [
      { hostname: 'alpha@tach', status: 'online', active: 1, processed: 10, loadavg: [0.1, 0.1, 0.1], lastHeartbeat: recent(minutesAgo) },
      { hostname: 'beta@tach', status: 'offline', active: null, processed: null, loadavg: null, lastHeartbeat: null },
    ],
    tasksByState: { SUCCESS: 10 + id, FAILURE: 1 },
    tasksByName: { 'tach.add': 11 + id },
    events: { total: 100 + id, byType: { 'task-succeeded': 100 + id } },
    ...overrides,
  };
}

// Oldest first, as the engine answers.
const SNAPSHOTS = [snapshot(1, 30), snapshot(2, 20), snapshot(3, 10)];

describe('Celery snapshots', () => {
  it('lists the snapshots newest first with download links in the headless door', async () => {
    const { api, deployment } = await seedCelery({ snapshots: SNAPSHOTS });
    renderWithApi(<DeploymentPage id={deployment.id} />, { api, path: `/deployments/${deployment.id}/celery/snapshots` });

    const rows = await screen.findAllByTestId('snapshot-row');
    expect(rows.map((row) => within(row).getAllByRole('cell')[3]?.textContent)).toEqual(['103', '102', '101']);
    expect(rows[0]?.textContent).toContain('SUCCESS 13');
    expect(rows[0]?.textContent).toContain('1 / 1');
    expect(screen.getByTestId('camera-note').textContent).toContain('a snapshot every 2 s while events arrive; idle periods are skipped');

    const rowLink = within(rows[0] as HTMLElement).getByRole('link', { name: 'CSV' });
    expect(rowLink.getAttribute('href')).toBe(`${location.origin}/api/v1/snapshots/3.csv`);
    expect(rowLink.hasAttribute('download')).toBe(true);

    const rangeLink = screen.getByRole('link', { name: 'Export range as CSV' });
    const href = new URL(rangeLink.getAttribute('href') ?? '');
    expect(href.origin + href.pathname).toBe(`${location.origin}/api/v1/deployments/${deployment.id}/snapshots.csv`);
    const since = href.searchParams.get('since') ?? '';
    const until = href.searchParams.get('until') ?? '';
    expect(since).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z$/);
    expect(Date.parse(until) - Date.parse(since)).toBeGreaterThanOrEqual(24 * 60 * 60 * 1000);
    expect(Date.parse(until) - Date.parse(since)).toBeLessThan(24 * 60 * 60 * 1000 + 60_000);

    const query = api.calls.find((c) => c.channel === 'celery.snapshots')?.input as { since?: string; until?: string };
    expect(query.since).toBe(since);
    expect(query.until).toBe(until);
  });

  it('exports through the desktop app and reports where the rows went', async () => {
    const celery = new Map<number, FakeCeleryData>();
    const api = createFakeApi({ celery, pickFile: () => '/home/me/snapshots.csv' });
    const tenant = await seedTenant(api, 'acme');
    const deployment = await seedDeployment(api, { tenantId: tenant.id, name: 'prod', broker: { url: 'amqp://tach@rabbit1:5672/' }, celery: { enabled: true } });
    celery.set(deployment.id, { workers: [], tasks: [], rejected: [], snapshots: SNAPSHOTS });
    // The fake has no file to write: answer as the desktop engine does, after some progress.
    const invoke = api.invoke.bind(api);
    api.invoke = (async (channel: string, input: unknown) => {
      if (channel === 'celery.exportSnapshots') {
        api.calls.push({ channel, input });
        api.emit('export.progress', { path: '/home/me/snapshots.csv', rows: 1000, done: false });
        await new Promise((resolve) => setTimeout(resolve, 20));
        return { ok: true, value: { path: '/home/me/snapshots.csv', rows: 12345 } };
      }
      return invoke(channel as never, input as never);
    }) as typeof api.invoke;
    renderWithApi(<DeploymentPage id={deployment.id} />, { api, path: `/deployments/${deployment.id}/celery/snapshots` });

    await screen.findAllByTestId('snapshot-row');
    const exportButton = await screen.findByRole('button', { name: 'Export range as CSV' });
    expect(screen.queryByRole('link', { name: 'Export range as CSV' })).toBeNull();
    await userEvent.click(exportButton);

    expect((await screen.findByTestId('export-result')).textContent).toBe('Saved 12,345 rows to /home/me/snapshots.csv');
    const call = api.calls.find((c) => c.channel === 'celery.exportSnapshots');
    expect(call?.input).toMatchObject({ deploymentId: deployment.id });
    expect((call?.input as { since?: string }).since).toBeTruthy();

    await userEvent.click(within(screen.getAllByTestId('snapshot-row')[0] as HTMLElement).getByRole('button', { name: 'CSV' }));
    await screen.findByTestId('export-result');
    expect(api.calls.filter((c) => c.channel === 'celery.exportSnapshots').at(-1)?.input).toEqual({ snapshotId: 3 });
  });
});
