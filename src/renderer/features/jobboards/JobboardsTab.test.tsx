// @vitest-environment happy-dom
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobboardJob, JobboardsOverview } from '../../../shared/domain/jobboards.ts';
import { createFakeApi } from '../../../../test/support/fake-api/fake-api.ts';
import type { FakeJobboardData } from '../../../../test/support/fake-api/fake-jobboards.ts';
import { renderWithApi } from '../../test-support/render-with-api.tsx';
import { seedDeployment, seedTenant } from '../../../../test/support/fake-api/seed.ts';
import { DeploymentPage } from '../deployments/DeploymentPage.tsx';

// happy-dom lays nothing out: give the jobs' scroll box a height so the virtualizer has a viewport.
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

const BOARD = '/taskflow/jobs/demo';
const job = (node: string, overrides: Partial<JobboardJob> = {}): JobboardJob => ({
  board: BOARD,
  node,
  uuid: `uuid-${node}`,
  name: `name-${node}`,
  sequence: Number(node.slice(3)),
  priority: 'NORMAL',
  details: { store: { x: 1 } },
  book: null,
  createdOn: '2026-11-23T10:00:00.000Z',
  lastModified: null,
  state: 'UNCLAIMED',
  owner: null,
  claimedAt: null,
  error: null,
  ...overrides,
});
const overview = (patch: Partial<JobboardsOverview> = {}): JobboardsOverview => ({
  session: { status: 'connected', detail: 'Session with zk1:2181.', since: '2026-11-23T09:00:00Z' },
  off: null,
  boards: [
    { path: BOARD, source: 'configured', error: null, counts: { UNCLAIMED: 1, CLAIMED: 1 }, trash: 2, oldestUnclaimedSeconds: 900, conductors: [{ name: 'worker-a@host1', kind: 'conductor', metadata: null }] },
    { path: '/taskflow/jobs/missing', source: 'configured', error: 'The board path /taskflow/jobs/missing does not exist in ZooKeeper.', counts: { UNCLAIMED: 0, CLAIMED: 0 }, trash: 0, oldestUnclaimedSeconds: null, conductors: [] },
  ],
  ...patch,
});

async function setup(data: Partial<FakeJobboardData> = {}, allowActions = false) {
  const jobboards = new Map<number, FakeJobboardData>();
  const api = createFakeApi({ jobboards });
  const tenant = await seedTenant(api, 'acme');
  const deployment = await seedDeployment(api, { tenantId: tenant.id, name: 'flows', zookeeper: { hosts: 'zk1:2181' }, ...(allowActions ? { jobboards: { allowActions } } : {}) });
  jobboards.set(deployment.id, {
    overview: overview(),
    jobs: { [BOARD]: [job('job0000000000'), job('job0000000001', { state: 'CLAIMED', owner: 'worker-a@host1', claimedAt: '2026-11-23T10:01:00.000Z' }), job('job0000000002', { uuid: null, name: null, error: 'data is not JSON (Unexpected token): "pickle"' })] },
    history: [
      { board: BOARD, node: 'job0000000001', uuid: 'uuid-job0000000001', name: 'name-job0000000001', kind: 'posted', owner: null, at: '2026-11-23T10:00:00.000Z' },
      { board: BOARD, node: 'job0000000001', uuid: 'uuid-job0000000001', name: 'name-job0000000001', kind: 'claimed', owner: 'worker-a@host1', at: '2026-11-23T10:01:00.000Z' },
    ],
    ...data,
  });
  return { api, deployment };
}

describe('Job boards tab', () => {
  it('shows each board with its counts, the wait over the threshold, conductors and a missing path', async () => {
    const { api, deployment } = await setup();
    renderWithApi(<DeploymentPage id={deployment.id} />, { api, path: `/deployments/${deployment.id}/jobboards` });
    const rows = await screen.findAllByTestId('board-row');
    expect(rows).toHaveLength(2);
    const demo = rows[0] as HTMLElement;
    expect(within(demo).getByTestId('count-unclaimed').textContent).toBe('1');
    expect(within(demo).getByTestId('count-claimed').textContent).toBe('1');
    // 15 minutes is over the default 5 minute threshold.
    expect(demo.textContent).toContain('⚠ 15m 00s');
    expect(demo.textContent).toContain('worker-a@host1');
    expect(within(rows[1] as HTMLElement).getByTestId('board-error').textContent).toContain('does not exist in ZooKeeper');
    expect(screen.getByTestId('zk-session').dataset.state).toBe('connected');
  });

  it('says "reconnecting" while the session is lost', async () => {
    const { api, deployment } = await setup({ overview: overview({ session: { status: 'reconnecting', detail: 'Lost the connection to zk1:2181; reconnecting.', since: '2026-11-23T09:00:00Z' } }) });
    renderWithApi(<DeploymentPage id={deployment.id} />, { api, path: `/deployments/${deployment.id}/jobboards` });
    expect((await screen.findByTestId('zk-session')).textContent).toContain('Reconnecting');
    expect(screen.getByTestId('zk-detail').textContent).toContain('Lost the connection');
  });

  it('opens a board: jobs with their state and owner, a bad node as its own error, filters sent to the engine', async () => {
    const { api, deployment } = await setup();
    renderWithApi(<DeploymentPage id={deployment.id} />, { api, path: `/deployments/${deployment.id}/jobboards` });
    await userEvent.click(await screen.findByRole('link', { name: BOARD }));
    const rows = await screen.findAllByTestId('job-row');
    expect(rows.map((row) => row.dataset.state)).toEqual(['UNCLAIMED', 'CLAIMED', 'UNCLAIMED']);
    expect(rows[1]?.textContent).toContain('worker-a@host1');
    expect(rows[2]?.textContent).toContain('data is not JSON');
    await userEvent.selectOptions(screen.getByTestId('filter-state'), 'CLAIMED');
    await expect.poll(() => screen.queryAllByTestId('job-row').length).toBe(1);
    expect(api.calls.filter((call) => call.channel === 'jobboards.jobs').at(-1)?.input).toEqual({ deploymentId: deployment.id, path: BOARD, state: 'CLAIMED' });
  });

  it('opens a job with its details JSON and history', async () => {
    const { api, deployment } = await setup();
    renderWithApi(<DeploymentPage id={deployment.id} />, { api, path: `/deployments/${deployment.id}/jobboards/job/${encodeURIComponent(BOARD)}/job0000000001` });
    expect((await screen.findByTestId('job-details')).textContent).toContain('"x": 1');
    const history = screen.getByTestId('job-history');
    expect(history.textContent).toContain('Posted');
    expect(history.textContent).toContain('Claimed by worker-a@host1');
  });

  it('offers no action on a read-only deployment', async () => {
    const { api, deployment } = await setup();
    renderWithApi(<DeploymentPage id={deployment.id} />, { api, path: `/deployments/${deployment.id}/jobboards/job/${encodeURIComponent(BOARD)}/job0000000001` });
    await screen.findByTestId('job-details');
    expect(screen.queryByTestId('trash-job')).toBeNull();
    expect(screen.getByTestId('jobboards-tab').textContent).toContain('read-only');
  });

  it('releases a claim only after a confirmation, when actions are allowed', async () => {
    const { api, deployment } = await setup({}, true);
    renderWithApi(<DeploymentPage id={deployment.id} />, { api, path: `/deployments/${deployment.id}/jobboards/job/${encodeURIComponent(BOARD)}/job0000000001` });
    await userEvent.click(await screen.findByTestId('release-job'));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('worker-a@host1');
    expect(api.calls.some((call) => call.channel === 'jobboards.action')).toBe(false);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Release claim' }));
    expect((await screen.findByTestId('action-outcome')).textContent).toContain('Released job0000000001');
    expect(api.calls.find((call) => call.channel === 'jobboards.action')?.input).toEqual({ deploymentId: deployment.id, path: BOARD, node: 'job0000000001', action: 'release' });
  });

  it('asks for a ZooKeeper when the deployment has none', async () => {
    const api = createFakeApi();
    const tenant = await seedTenant(api, 'acme');
    const deployment = await seedDeployment(api, { tenantId: tenant.id, name: 'bare' });
    renderWithApi(<DeploymentPage id={deployment.id} />, { api, path: `/deployments/${deployment.id}/jobboards` });
    expect(await screen.findByText('Add a ZooKeeper ensemble first')).toBeTruthy();
  });
});
