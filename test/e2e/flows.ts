import { expect, type Page } from '@playwright/test';

// What an operator does in the console, written once and run through both doors
// (Chromium against the headless console, and Electron where a binary exists).

export async function createFirstTenant(page: Page, name: string): Promise<void> {
  await expect(page.getByTestId('first-run')).toBeVisible();
  await page.getByLabel('Tenant name').fill(name);
  await page.getByRole('button', { name: 'Create tenant' }).click();
  await expect(page.getByTestId('tenant-page')).toBeVisible();
  await expect(page.getByRole('heading', { name })).toBeVisible();
}

export interface DeploymentForm {
  name: string;
  amqpUrl?: string;
  managementUrl?: string;
  zookeeper?: string;
}

export async function addDeployment(page: Page, form: DeploymentForm): Promise<void> {
  await page.getByRole('button', { name: 'Add deployment' }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Deployment name').fill(form.name);
  if (form.amqpUrl) await dialog.getByLabel('AMQP URL').fill(form.amqpUrl);
  if (form.managementUrl) await dialog.getByLabel('Management API URL').fill(form.managementUrl);
  if (form.zookeeper) await dialog.getByLabel('ZooKeeper hosts').fill(form.zookeeper);
  await dialog.getByRole('button', { name: 'Create deployment' }).click();
  await expect(page.getByTestId('deployment-page')).toBeVisible();
}

/** Clicks "Test connections" and waits for every configured connection to have a verdict. */
export async function testConnections(page: Page, kinds: readonly string[]): Promise<void> {
  await page.getByRole('button', { name: 'Test connections' }).click();
  for (const kind of kinds) {
    await expect(page.getByTestId(`connection-${kind}`).getByTestId(`check-${kind}`)).toHaveAttribute('data-state', /^(ok|fail)$/);
  }
}

export async function expectChecks(page: Page, expected: Record<string, boolean>): Promise<void> {
  for (const [kind, ok] of Object.entries(expected)) {
    await expect(page.getByTestId(`connection-${kind}`).getByTestId(`check-${kind}`)).toHaveAttribute('data-ok', String(ok));
  }
}
