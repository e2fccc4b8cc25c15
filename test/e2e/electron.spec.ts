import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron } from '@playwright/test';
import { findElectronBinary } from '../../scripts/electron-binary.ts';
import { expect, test } from './fixtures.ts';
import { addDeployment, createFirstTenant, expectChecks, testConnections } from './flows.ts';

// The same operator flow through the desktop door. It needs an Electron binary, which npm
// downloads on first use: where that was impossible the spec reports itself skipped and why.
const root = fileURLToPath(new URL('../..', import.meta.url));
const binary = findElectronBinary(root);

test.describe('desktop app (Electron)', () => {
  test.skip(!binary.found, `No Electron window here: ${binary.found ? '' : binary.why}.`);

  test('creates a tenant and a deployment, tests it, and keeps both across a restart', async ({ peers }) => {
    if (!binary.found) return;
    const dataDir = mkdtempSync(join(tmpdir(), 'tach-electron-'));
    const launch = () =>
      electron.launch({ executablePath: binary.path, args: [root], env: { ...process.env, TACH_DATA_DIR: dataDir } });
    try {
      let app = await launch();
      let page = await app.firstWindow();
      await expect(page.locator('[data-state="ready"]')).toBeVisible();
      await expect(page.getByTestId('door')).toHaveAttribute('data-door', 'desktop');
      // The page gets the contract and nothing else.
      expect(await page.evaluate(() => Object.keys((globalThis as unknown as { tach: object }).tach).sort())).toEqual(['invoke', 'on']);
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');

      await createFirstTenant(page, 'acme');
      await addDeployment(page, { name: 'prod', amqpUrl: peers.amqpUrl, managementUrl: peers.managementUrl, zookeeper: peers.zookeeper });
      await testConnections(page, ['broker', 'management', 'zookeeper']);
      await expectChecks(page, { broker: true, management: true, zookeeper: true });
      await app.close();

      app = await launch();
      page = await app.firstWindow();
      await expect(page.locator('[data-state="ready"]')).toBeVisible();
      await expect(page.getByRole('navigation', { name: 'Tenants' })).toContainText('prod');
      await app.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
