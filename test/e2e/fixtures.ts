import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { startHeadlessProcess, type HeadlessProcess } from '../support/headless-process.ts';

export interface Peers {
  amqpUrl: string;
  managementUrl: string;
  zookeeper: string;
}

interface Fixtures {
  /** A headless Tach of its own on a fresh data dir, stopped after the test. */
  tach: HeadlessProcess & { dataDir: string };
  peers: Peers;
}

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the end-to-end tests through Playwright's global setup.`);
  return value;
};

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring.
  peers: async ({}, use) => {
    await use({
      amqpUrl: required('TACH_E2E_AMQP_URL'),
      managementUrl: required('TACH_E2E_MANAGEMENT_URL'),
      zookeeper: required('TACH_E2E_ZOOKEEPER'),
    });
  },
  // eslint-disable-next-line no-empty-pattern -- as above
  tach: async ({}, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tach-e2e-'));
    const tach = await startHeadlessProcess(['--port', '0', '--data', dataDir, '--log-level', 'warn']);
    await use(Object.assign(tach, { dataDir }));
    await tach.stop();
    rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect };

/** Waits for the console's own "ready" milestone instead of sleeping. */
export async function openConsole(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.locator('[data-state="ready"]')).toBeVisible();
}
