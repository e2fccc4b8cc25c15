import { addDeployment, createFirstTenant, expectChecks, testConnections } from './flows.ts';
import { expect, openConsole, test } from './fixtures.ts';

const ALL = ['broker', 'management', 'zookeeper'] as const;

test('first run: create a tenant and a deployment, test it against the live broker, reload and find it all kept', async ({
  page,
  tach,
  peers,
}) => {
  await openConsole(page, tach.url);
  await expect(page.getByTestId('door')).toHaveAttribute('data-door', 'headless');
  await createFirstTenant(page, 'acme');
  await addDeployment(page, {
    name: 'prod-eu',
    amqpUrl: peers.amqpUrl,
    managementUrl: peers.managementUrl,
    zookeeper: peers.zookeeper,
  });
  // The stored password is never shown, only masked.
  await expect(page.getByTestId('connection-broker')).toContainText(':****@');
  await expect(page.getByTestId('connection-broker')).not.toContainText(':guest@');

  await testConnections(page, ALL);
  await expectChecks(page, { broker: true, management: true, zookeeper: true });
  await expect(page.getByTestId('connection-broker')).toContainText(/RabbitMQ 3\.\d+\.\d+ at 127\.0\.0\.1/);
  await expect(page.getByTestId('connection-zookeeper')).toContainText(/ZooKeeper 3\.\d+\.\d+: session opened/);
  await page.screenshot({ path: test.info().outputPath('deployment.png'), fullPage: true });

  await page.reload();
  await expect(page.locator('[data-state="ready"]')).toBeVisible();
  await expect(page.getByTestId('deployment-page')).toBeVisible();
  await expectChecks(page, { broker: true, management: true, zookeeper: true });
  await expect(page.getByRole('navigation', { name: 'Tenants' })).toContainText('acme');
  await expect(page.getByRole('navigation', { name: 'Tenants' })).toContainText('prod-eu');
});

test('a wrong password and a dead ZooKeeper are explained on the page, not crashed on', async ({ page, tach, peers }) => {
  await openConsole(page, tach.url);
  await createFirstTenant(page, 'ops');
  await addDeployment(page, {
    name: 'broken',
    amqpUrl: peers.amqpUrl.replace(':guest@', ':wrong@'),
    zookeeper: '127.0.0.1:1',
  });
  await testConnections(page, ['broker', 'zookeeper']);
  await expectChecks(page, { broker: false, zookeeper: false });
  await expect(page.getByTestId('connection-broker')).toContainText('Authentication failed for user "guest"');
  await expect(page.getByTestId('connection-zookeeper')).toContainText('Connection refused by 127.0.0.1:1');
  await page.screenshot({ path: test.info().outputPath('failing.png'), fullPage: true });
});

test('the form puts a server-side validation error under its field and saves nothing', async ({ page, tach }) => {
  await openConsole(page, tach.url);
  await createFirstTenant(page, 'acme');
  await page.getByRole('button', { name: 'Add deployment' }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Deployment name').fill('bad-zk');
  await dialog.getByLabel('ZooKeeper hosts').fill('zk1:2181 zk2:2181');
  await dialog.getByRole('button', { name: 'Create deployment' }).click();
  await expect(dialog).toContainText('must look like host:2181[,host:2181...][/chroot]');
  await expect(dialog).toBeVisible();
  const stored = await (await fetch(new URL('api/v1/tenants/1/deployments', tach.url))).json();
  expect(stored).toEqual([]);
});

test('a change made elsewhere (a script, another operator) appears without a reload', async ({ page, tach, peers }) => {
  await openConsole(page, tach.url);
  await createFirstTenant(page, 'shared');
  const created = await fetch(new URL('api/v1/tenants/1/deployments', tach.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'added-by-script', broker: { url: peers.amqpUrl } }),
  });
  expect(created.status).toBe(201);
  await expect(page.getByTestId('tenant-page')).toContainText('added-by-script');
  await expect(page.getByRole('navigation', { name: 'Tenants' })).toContainText('added-by-script');
});
