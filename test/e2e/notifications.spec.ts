import amqp from 'amqplib';
import { runNotifier } from '../harness/oslo-notifier.ts';
import { expect, openConsole, test } from './fixtures.ts';
import { addDeployment, createFirstTenant } from './flows.ts';

// Notifications end to end: the real headless console, the harness RabbitMQ and a real
// oslo.messaging notifier (Debian's python3-oslo.messaging). Every wait is on what the console shows.
const LIVE = { timeout: 30_000 };
const shot = (name: string) => `/tmp/notifications-${name}.png`;

test('Notifications: turn on, consume a real notifier, browse events, lifecycle, timings, KPIs and rejected messages', async ({ page, tach, peers }) => {
  test.setTimeout(150_000);
  await openConsole(page, tach.url);
  await createFirstTenant(page, 'acme');
  await addDeployment(page, { name: 'nova-prod', amqpUrl: peers.amqpUrl });

  await page.getByRole('tab', { name: 'Notifications' }).click();
  await expect(page.getByText('Notifications are off for this deployment')).toBeVisible();
  await page.getByRole('button', { name: 'Turn on notifications' }).click();
  await expect(page.getByTestId('consumer-state')).toHaveAttribute('data-state', 'consuming', LIVE);
  // Created by Tach with the producer's default flags: transient, and the console says what that means.
  await expect(page.locator('[data-testid="queue"][data-queue="monitor.info"]')).toContainText('created by Tach');
  await expect(page.getByTestId('transient-warning')).toContainText('loses its messages if the broker restarts');

  const v1 = await runNotifier({ url: peers.amqpUrl, driver: 'messaging', requests: 3 });
  const v2 = await runNotifier({ url: peers.amqpUrl, driver: 'messagingv2', requests: 3, errorEvery: 3 });
  expect([...v1.failed, ...v2.failed]).toEqual([]);
  const connection = await amqp.connect(peers.amqpUrl);
  const channel = await connection.createConfirmChannel();
  channel.publish('nova', 'monitor.info', Buffer.from('{"truncated": '));
  await channel.waitForConfirms();
  await connection.close();

  // Events browser: all of them, newest first, the error highlighted; the live view needs no reload.
  await expect(page.getByTestId('events-table')).toHaveAttribute('data-rows', String(v1.sent.length + v2.sent.length), LIVE);
  await expect(page.locator('[data-testid="event-row"][data-error="true"]')).toHaveCount(1);
  // Whole text: '1 error' is also in '11 errors'.
  await expect(page.getByTestId('errors-link')).toHaveText(/^\D*\b1 error$/);
  await expect(page.getByTestId('rejected-link')).toHaveText(/^\D*\b1 rejected$/, LIVE);
  await page.screenshot({ path: shot('events'), fullPage: true });

  // Filter by event type, open one event: the extracted fields and the whole JSON.
  await page.getByLabel('Event type').fill('compute.instance.create.end');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByTestId('events-table')).toHaveAttribute('data-rows', '5');
  await page.getByTestId('event-row').first().click();
  await expect(page.getByTestId('event-json')).toContainText('"event_type": "compute.instance.create.end"');
  await page.screenshot({ path: shot('event-detail'), fullPage: true });

  // The instance lifecycle from the event's instance link.
  await page.getByTestId('event-detail').getByRole('link').nth(1).click();
  await expect(page.getByTestId('instance-state')).toHaveText('active');
  await expect(page.getByTestId('instance-view')).toContainText('compute.instance.create.start');
  await page.screenshot({ path: shot('instance'), fullPage: true });

  await page.getByRole('link', { name: 'Timings' }).click();
  await expect(page.getByTestId('timing-summary')).toContainText('compute.instance.create');
  await page.screenshot({ path: shot('timings'), fullPage: true });

  await page.getByRole('link', { name: 'Request KPIs' }).click();
  await expect(page.getByTestId('kpi-table').locator('tbody tr')).toHaveCount(5);
  await page.screenshot({ path: shot('kpi'), fullPage: true });

  await page.getByRole('link', { name: /^Rejected/ }).click();
  await expect(page.getByTestId('rejected-notifications')).toContainText('not JSON');
  await page.screenshot({ path: shot('rejected'), fullPage: true });

  await page.getByRole('link', { name: 'Watch' }).click();
  await expect(page.getByTestId('watch-tail').locator('li')).toHaveCount(18);
  const more = await runNotifier({ url: peers.amqpUrl, driver: 'messagingv2', requests: 1 });
  expect(more.failed).toEqual([]);
  await expect(page.getByTestId('watch-tail').locator('li')).toHaveCount(21, LIVE);
  await page.screenshot({ path: shot('watch'), fullPage: true });
});
