import type { Page } from '@playwright/test';
import { startCeleryWorker } from '../harness/celery-worker.ts';
import type { CeleryWorker } from '../harness/celery-worker.ts';
import { expect, openConsole, test } from './fixtures.ts';
import { createFirstTenant } from './flows.ts';

// Celery monitoring end to end: the real headless console, the harness RabbitMQ and a real
// Celery worker (Debian's python3-celery). Every wait is on something the console shows.

const HOST = 'alpha@tach-e2e';
/** Worker start-up, first heartbeat and liveness expiry take seconds, not milliseconds. */
const LIVE = { timeout: 30_000 };

async function addMonitoredDeployment(page: Page, name: string, amqpUrl: string): Promise<void> {
  await page.getByRole('button', { name: 'Add deployment' }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Deployment name').fill(name);
  await dialog.getByLabel('AMQP URL').fill(amqpUrl);
  await dialog.getByLabel('Monitor Celery events').check();
  // Heartbeat expiry is what the test waits for at the end; keep offline workers listed.
  await expect(dialog.getByLabel('Hide offline workers after (min)')).toHaveValue('');
  await dialog.screenshot({ path: test.info().outputPath('celery-form.png') });
  await dialog.getByRole('button', { name: 'Create deployment' }).click();
  await expect(page.getByTestId('deployment-page')).toBeVisible();
}

const workerRow = (page: Page) => page.locator(`[data-testid="worker-row"][data-hostname="${HOST}"]`);
const taskRow = (page: Page, uuid: string) => page.locator(`[data-testid="task-row"][data-uuid="${uuid}"]`);

test('Celery: a live worker, its tasks, a failed task traceback, inspect, and the worker going offline', async ({ page, tach, peers }) => {
  test.setTimeout(150_000);
  await openConsole(page, tach.url);
  await createFirstTenant(page, 'acme');
  await addMonitoredDeployment(page, 'celery-prod', peers.amqpUrl);

  await page.getByRole('tab', { name: 'Celery' }).click();
  await expect(page).toHaveURL(/#\/deployments\/\d+\/celery$/);
  await expect(page.getByTestId('consumer-state')).toHaveAttribute('data-state', 'consuming', LIVE);

  let worker: CeleryWorker | undefined;
  try {
    worker = await startCeleryWorker({ brokerUrl: peers.amqpUrl, hostname: HOST, heartbeatInterval: 1, pool: 'prefork' });

    // Workers view: the worker appears online from its heartbeats, without a reload.
    await expect(workerRow(page)).toHaveAttribute('data-status', 'online', LIVE);
    await expect(workerRow(page)).toContainText('Online');
    await expect(workerRow(page)).toContainText(/py-celery 5\./);
    // Whole text, so 11 would not pass for 1.
    await expect(page.getByTestId('workers-online')).toHaveText(/^\D*\b1 online$/);
    await page.screenshot({ path: test.info().outputPath('celery-workers.png'), fullPage: true });

    const added = await worker.sendTask('tach.add', [2, 3]);
    const failed = await worker.sendTask('tach.fail', ['boom on purpose']);

    // Tasks view: both tasks with their final states.
    await page.getByTestId('celery-nav-tasks').click();
    await expect(page).toHaveURL(/#\/deployments\/\d+\/celery\/tasks$/);
    await expect(taskRow(page, added)).toHaveAttribute('data-state', 'SUCCESS', LIVE);
    await expect(taskRow(page, failed)).toHaveAttribute('data-state', 'FAILURE', LIVE);
    await expect(taskRow(page, added)).toContainText('[2, 3]');
    await expect(taskRow(page, failed)).toContainText("ValueError('boom on purpose')");
    // The header's counts follow on the same live update.
    await expect(page.getByTestId('count-SUCCESS').locator('.num')).toHaveText('1');
    await expect(page.getByTestId('count-FAILURE').locator('.num')).toHaveText('1');
    await page.screenshot({ path: test.info().outputPath('celery-tasks.png'), fullPage: true });

    // The FAILURE count in the header filters the table, in the URL too.
    await page.getByTestId('count-FAILURE').click();
    await expect(page).toHaveURL(/\?state=FAILURE#\/deployments\/\d+\/celery\/tasks$/);
    await expect(taskRow(page, failed)).toBeVisible();
    await expect(taskRow(page, added)).toHaveCount(0);
    await page.reload();
    await expect(taskRow(page, failed)).toBeVisible();
    await expect(page.getByLabel('State', { exact: true })).toHaveValue('FAILURE');
    // A pasted link (the query inside the hash, as hrefs are written) lands on the same kind of list.
    const deploymentId = /#\/deployments\/(\d+)\//.exec(page.url())?.[1];
    await page.goto(new URL(`/#/deployments/${deploymentId}/celery/tasks?state=SUCCESS`, tach.url).href);
    await expect(taskRow(page, added)).toBeVisible();
    await expect(taskRow(page, failed)).toHaveCount(0);
    await page.getByLabel('State', { exact: true }).selectOption('FAILURE');

    // Task page: the traceback of the failure, kept across a reload.
    await taskRow(page, failed).click();
    await expect(page.getByTestId('task-page')).toHaveAttribute('data-uuid', failed);
    await expect(page.getByTestId('task-traceback')).toContainText('Traceback (most recent call last)');
    await expect(page.getByTestId('task-traceback')).toContainText('ValueError: boom on purpose');
    await expect(page.getByTestId('task-timeline')).toContainText('Failed');
    await page.reload();
    await expect(page.getByTestId('task-page')).toHaveAttribute('data-uuid', failed);
    await page.screenshot({ path: test.info().outputPath('celery-task.png') });
    // The console scrolls inside its main pane, so a full-page shot stops at the window: scroll there.
    await page.getByTestId('task-traceback').scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath('celery-task-traceback.png') });

    // Worker page: inspect stats answers from the real worker.
    await page.getByTestId('task-details').getByRole('link', { name: HOST }).click();
    await expect(page.getByTestId('worker-page')).toHaveAttribute('data-status', 'online');
    await page.getByTestId('inspect-panel').getByRole('button', { name: 'stats', exact: true }).click();
    const stats = page.getByTestId('inspect-stats');
    await expect(stats).toHaveAttribute('data-status', 'done');
    await expect(stats).toContainText('"max-concurrency": 2');
    await expect(stats).toContainText('answered in');
    await page.screenshot({ path: test.info().outputPath('celery-worker.png'), fullPage: true });

    // Killed without a goodbye: the console notices the heartbeats stopped.
    await worker.kill();
    await expect(page.getByTestId('worker-page')).toHaveAttribute('data-status', 'offline', LIVE);
    await page.getByTestId('celery-nav-workers').click();
    await expect(workerRow(page)).toHaveAttribute('data-status', 'offline');
    await expect(workerRow(page)).toContainText('Offline');
    await expect(page.getByTestId('workers-offline')).toHaveText(/^\D*\b1 offline$/);
    await page.screenshot({ path: test.info().outputPath('celery-workers-offline.png'), fullPage: true });
  } finally {
    await worker?.stop();
  }
});
