import amqp from 'amqplib';
import { expect, openConsole, test } from './fixtures.ts';

// Broker health end to end: the real headless console polling the harness RabbitMQ's management
// API. The test publishes to a queue nobody consumes and watches the queues table, the queue's
// depth chart, the alert banner and the deployment's mark follow, then attaches a consumer.

const LIVE = { timeout: 30_000 };

test('Queues: depth and chart follow what is published, the no-consumer alert opens and clears', async ({ page, tach, peers }) => {
  test.setTimeout(120_000);
  const queue = `e2e.notifications.info.${Date.now().toString(36)}`;
  const rest = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(new URL(`/api/v1${path}`, tach.url), { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(response.ok, `${method} ${path}: ${response.status}`).toBe(true);
    return (await response.json()) as { id: number };
  };
  const tenant = await rest('POST', '/tenants', { name: 'acme' });
  const deployment = await rest('POST', `/tenants/${tenant.id}/deployments`, {
    name: 'nova-prod',
    broker: { url: peers.amqpUrl, managementUrl: peers.managementUrl },
    // Short polls and grace: the test waits seconds, not minutes.
    brokerHealth: { pollInterval: 1, thresholds: { noConsumerDepth: 1 } },
    alerts: { graceSeconds: 2 },
  });

  const connection = await amqp.connect(peers.amqpUrl);
  try {
    const channel = await connection.createChannel();
    await channel.assertQueue(queue, { durable: false, autoDelete: false });
    const publish = (count: number) => {
      for (let i = 0; i < count; i++) channel.sendToQueue(queue, Buffer.from(JSON.stringify({ event_type: 'compute.instance.exists', n: i })));
    };

    await openConsole(page, new URL(`/#/deployments/${deployment.id}/queues`, tach.url).toString());
    await expect(page.getByTestId('poll-state')).toHaveText('Polling', LIVE);
    await expect(page.getByTestId('broker-overview')).toContainText('RabbitMQ');

    // The queues table follows the publishes without a reload.
    publish(10);
    const row = page.locator(`[data-testid="queue-row"][data-queue="${queue}"]`);
    await expect(row.getByTestId('queue-messages')).toHaveText('10', LIVE);
    await page.getByTestId('queue-search').fill('e2e.notifications');
    await expect(page.getByTestId('queues-table')).toHaveAttribute('data-rows', '1');

    // The queue page: figures and the depth chart, which moves as more is published.
    await row.getByRole('link', { name: queue }).click();
    await expect(page.getByTestId('queue-page')).toBeVisible();
    const charts = page.getByTestId('queue-charts');
    await expect(charts).toHaveAttribute('data-last-messages', '10', LIVE);
    publish(15);
    await expect(page.getByTestId('queue-page-messages')).toHaveText('25', LIVE);
    await expect(charts).toHaveAttribute('data-last-messages', '25', LIVE);
    await expect(charts.locator('.recharts-line-curve').first()).toBeVisible();

    // The no-consumer alert: the banner on every page, the mark on the deployment.
    const banner = page.getByTestId('alert-banner');
    await expect(banner).toContainText(`Queue ${queue} has 25 messages and no consumer`, LIVE);
    await page.screenshot({ path: test.info().outputPath('queue-page.png'), fullPage: true });
    await page.getByTestId('broker-nav-alerts').click();
    await expect(page.locator('[data-testid="alert-row"][data-rule="queue.no_consumer"][data-open="true"]')).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('alerts.png'), fullPage: true });
    await page.getByTestId('broker-nav-queues').click();
    await page.getByTestId('queue-search').fill('');
    await page.screenshot({ path: test.info().outputPath('queues.png'), fullPage: true });
    await page.getByRole('link', { name: 'acme' }).first().click();
    await expect(page.getByTestId(`alert-mark-${deployment.id}`)).toHaveText(/^\D*\b1 alert$/);
    await page.screenshot({ path: test.info().outputPath('deployments.png'), fullPage: true });

    // /metrics for Prometheus carries the same depth.
    const metrics = await (await fetch(new URL('/metrics', tach.url))).text();
    expect(metrics).toContain(`tach_queue_messages{deployment_id="${deployment.id}",deployment="nova-prod",vhost="/",queue="${queue}"} 25`);
    expect(metrics).toContain(`tach_alert_open{deployment_id="${deployment.id}",deployment="nova-prod",rule="queue.no_consumer",subject="%2F/${queue}",severity="critical"} 1`);

    // A consumer drains the queue: the alert closes and the banner goes.
    await channel.consume(queue, (message) => message && channel.ack(message));
    await expect(banner).toBeHidden(LIVE);
    await expect(page.getByTestId(`alert-mark-${deployment.id}`)).toBeHidden();
    await channel.deleteQueue(queue);
  } finally {
    await connection.close();
  }
});
