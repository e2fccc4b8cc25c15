// @vitest-environment happy-dom
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from './App.tsx';
import { createFakeApi } from '../../test/support/fake-api/fake-api.ts';
import { renderWithApi } from './test-support/render-with-api.tsx';
import { seedTenant } from '../../test/support/fake-api/seed.ts';

const appState = () => screen.getByTestId('app').getAttribute('data-state');

describe('App', () => {
  it('asks for the first tenant on an empty install, creates it and shows it', async () => {
    const api = createFakeApi();
    const { location } = renderWithApi(<App />, { api });
    expect(appState()).toBe('loading');

    await waitFor(() => expect(appState()).toBe('ready'));
    expect(screen.getByTestId('first-run')).toBeTruthy();
    const name = screen.getByLabelText('Tenant name');
    expect(document.activeElement).toBe(name);

    await userEvent.type(name, 'acme{Enter}');

    expect(await screen.findByRole('heading', { level: 1, name: 'acme' })).toBeTruthy();
    expect(screen.getByRole('link', { name: /acme/ })).toBeTruthy();
    expect(location.history.at(-1)).toBe('/tenants/1');
    expect(screen.queryByTestId('first-run')).toBeNull();
  });

  it('shows a duplicate name beside the field on the first-run form', async () => {
    const api = createFakeApi();
    renderWithApi(<App />, { api });
    await waitFor(() => expect(appState()).toBe('ready'));
    api.failNext('tenants.create', { code: 'conflict', message: 'A tenant named "acme" already exists.', field: 'name' });

    await userEvent.type(screen.getByLabelText('Tenant name'), 'acme');
    await userEvent.click(screen.getByRole('button', { name: 'Create tenant' }));

    const input = screen.getByLabelText('Tenant name');
    await waitFor(() => expect(input.getAttribute('aria-invalid')).toBe('true'));
    const described = document.getElementById(input.getAttribute('aria-describedby') ?? '');
    expect(described?.textContent).toBe('A tenant named "acme" already exists.');
  });

  it('lists tenants with their deployment counts once there are some', async () => {
    const api = createFakeApi();
    const tenant = await seedTenant(api, 'globex');
    await api.invoke('deployments.create', { tenantId: tenant.id, name: 'prod' });
    renderWithApi(<App />, { api });

    await waitFor(() => expect(appState()).toBe('ready'));
    expect(screen.getByTestId('overview')).toBeTruthy();
    expect(screen.getByTestId(`tenant-row-${tenant.id}`).textContent).toContain('globex1');
  });

  it('says when the server is unreachable and recovers on Retry', async () => {
    const api = createFakeApi();
    api.failNext('app.info', { code: 'unavailable', message: 'The Tach server at http://127.0.0.1:7420 did not answer (fetch failed).' });
    renderWithApi(<App />, { api });

    await waitFor(() => expect(appState()).toBe('error'));
    expect(screen.getByRole('heading', { name: 'Cannot reach the Tach server' })).toBeTruthy();
    expect(screen.getByText(/did not answer/)).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(appState()).toBe('ready'));
    expect(screen.getByTestId('door').textContent).toContain('Headless server');
  });
});
