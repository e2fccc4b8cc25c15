import { startTaskflowBoard, type TaskflowBoard } from '../harness/taskflow-board.ts';
import { expect, openConsole, test } from './fixtures.ts';

// Job boards end to end: the real headless console, the harness ZooKeeper and real TaskFlow
// (Debian's python3-taskflow). The board's table follows posts and claims without a reload.

const LIVE = { timeout: 20_000 };

test('Job boards: the board table updates live as TaskFlow posts and claims', async ({ page, tach, peers }) => {
  test.setTimeout(120_000);
  const board = `/taskflow/jobs/e2e${Date.now()}`;
  const api = async (method: string, path: string, body?: object) => {
    const response = await fetch(`${tach.url.replace(/\/$/, '')}/api/v1${path}`, { method, headers: { 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
    return (await response.json()) as { id: number };
  };
  const tenant = await api('POST', '/tenants', { name: 'acme' });
  const deployment = await api('POST', `/tenants/${tenant.id}/deployments`, { name: 'flows', zookeeper: { hosts: peers.zookeeper, jobboards: [board], discover: null }, jobboards: { sampleSeconds: 1 } });

  let taskflow: TaskflowBoard | undefined;
  let conductor: TaskflowBoard | undefined;
  try {
    [taskflow, conductor] = await Promise.all([startTaskflowBoard(peers.zookeeper, board), startTaskflowBoard(peers.zookeeper, board)]);
    await openConsole(page, `${tach.url.replace(/\/$/, '')}/#/deployments/${deployment.id}/jobboards`);
    await expect(page.getByTestId('zk-session')).toHaveAttribute('data-state', 'connected', LIVE);
    const row = page.locator(`[data-testid="board-row"][data-path="${board}"]`);
    await expect(row).toBeVisible(LIVE);
    await row.getByRole('link', { name: board }).click();
    await expect(page.getByTestId('board-view')).toBeVisible();
    await expect(page.getByTestId('no-jobs')).toBeVisible(LIVE);

    const first = await taskflow.post('resize-volume', { store: { size: 10 } });
    await taskflow.post('attach-port', { store: { port: 7 } });
    const rows = page.getByTestId('job-row');
    await expect(rows).toHaveCount(2, LIVE);
    await expect(rows.first()).toHaveAttribute('data-state', 'UNCLAIMED');

    await conductor.register('conductor-e2e@tach:1');
    await conductor.claim(first, 'conductor-e2e@tach:1');
    const claimed = page.locator('[data-testid="job-row"][data-node="job0000000000"]');
    await expect(claimed).toHaveAttribute('data-state', 'CLAIMED', LIVE);
    await expect(claimed).toContainText('conductor-e2e@tach:1');
    await expect(page.getByTestId('board-history')).toContainText('Claimed', LIVE);
    // Counts are sampled every second here: the chart fills in as it goes.
    await expect(page.getByTestId('counts-chart')).toBeVisible(LIVE);
    await page.screenshot({ path: '/tmp/jobboards-board.png', fullPage: true });

    await conductor.consume(first, 'conductor-e2e@tach:1');
    await expect(rows).toHaveCount(1, LIVE);

    await claimed.or(rows.first()).click();
    await expect(page.getByTestId('job-page')).toBeVisible();
    await expect(page.getByTestId('job-details')).toContainText('"port": 7');
    await page.screenshot({ path: '/tmp/jobboards-job.png', fullPage: true });

    await page.getByRole('link', { name: board }).click();
    await page.getByRole('link', { name: 'Job boards' }).click();
    await expect(page.getByTestId('boards-table')).toBeVisible();
    await expect(page.locator(`[data-testid="board-row"][data-path="${board}"] [data-testid="count-unclaimed"]`)).toHaveText('1', LIVE);
    await page.screenshot({ path: '/tmp/jobboards-overview.png', fullPage: true });

    // The boards and discovery root are part of the deployment's form.
    await page.getByRole('button', { name: 'Edit deployment' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByLabel('Job boards', { exact: true })).toHaveValue(board);
    await expect(dialog.getByLabel('Discover boards under')).toHaveValue('');
    await dialog.screenshot({ path: '/tmp/jobboards-form.png' });
  } finally {
    await Promise.all([taskflow?.close(), conductor?.close()]);
  }
});
