// @vitest-environment happy-dom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createFakeApi } from '../../../../test/support/fake-api/fake-api.ts';
import { renderWithApi } from '../../test-support/render-with-api.tsx';
import { seedDeployment, seedTenant } from '../../../../test/support/fake-api/seed.ts';
import { TenantPage } from './TenantPage.tsx';

async function setup() {
  const api = createFakeApi();
  const tenant = await seedTenant(api, 'acme');
  await seedDeployment(api, { tenantId: tenant.id, name: 'prod', broker: { url: 'amqp://rabbit1:5672/', managementUrl: 'http://rabbit1:15672' } });
  await seedDeployment(api, { tenantId: tenant.id, name: 'staging', zookeeper: { hosts: 'zk1:2181' } });
  return { api, tenant };
}

describe('TenantPage', () => {
  it('lists deployments with their connections and last checks', async () => {
    const { api, tenant } = await setup();
    renderWithApi(<TenantPage id={tenant.id} />, { api });

    const prod = (await screen.findByRole('link', { name: 'prod' })).closest('tr')!;
    expect(prod.textContent).toContain('rabbit1:5672');
    expect(prod.textContent).toContain('rabbit1:15672');
    expect(within(prod).getByTestId('check-broker').getAttribute('data-state')).toBe('untested');
    expect(within(prod).getByRole('img', { name: 'Never tested' })).toBeTruthy();
  });

  it('names how many deployments go with a deleted tenant', async () => {
    const { api, tenant } = await setup();
    const { location } = renderWithApi(<TenantPage id={tenant.id} />, { api, path: `/tenants/${tenant.id}` });

    await userEvent.click(await screen.findByRole('button', { name: 'Delete tenant' }));
    const dialog = screen.getByRole('dialog');
    expect(dialog.textContent).toContain('Its 2 deployments will be deleted with it.');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete acme and 2 deployments' }));

    await waitFor(() => expect(location.history.at(-1)).toBe('/'));
    expect((await api.invoke('tenants.list', undefined)).ok && (await api.invoke('tenants.get', { id: tenant.id })).ok).toBe(false);
  });

  it('closes a dialog on Escape', async () => {
    const { api, tenant } = await setup();
    renderWithApi(<TenantPage id={tenant.id} />, { api });

    await userEvent.click(await screen.findByRole('button', { name: 'Rename tenant' }));
    expect(document.activeElement).toBe(screen.getByLabelText('Tenant name'));
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
