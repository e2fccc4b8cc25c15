// @vitest-environment happy-dom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createFakeApi } from '../../../../test/support/fake-api/fake-api.ts';
import { renderWithApi } from '../../test-support/render-with-api.tsx';
import { seedDeployment, seedTenant } from '../../../../test/support/fake-api/seed.ts';
import { DeploymentPage } from './DeploymentPage.tsx';

async function setup(latencyMs = 0) {
  const api = createFakeApi({ latencyMs });
  const tenant = await seedTenant(api, 'acme');
  const deployment = await seedDeployment(api, {
    tenantId: tenant.id,
    name: 'prod-east',
    broker: { url: 'amqps://tach:s3cret@rabbit1:5671/celery', tls: { verify: false } },
    zookeeper: { hosts: 'zk1:2181/taskflow' },
  });
  return { api, tenant, deployment };
}

describe('DeploymentPage', () => {
  it('shows each connection with its masked settings under a Connections tab', async () => {
    const { api, deployment } = await setup();
    renderWithApi(<DeploymentPage id={deployment.id} />, { api });

    expect(await screen.findByRole('heading', { level: 1, name: /prod-east/ })).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Connections' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getAllByRole('tab').map((tab) => tab.textContent)).toEqual(['Connections', 'Celery', 'Queues', 'Notifications', 'Job boards']);
    expect(await screen.findByRole('link', { name: 'acme' })).toBeTruthy();

    const broker = screen.getByTestId('connection-broker');
    expect(broker.textContent).toContain('amqps://tach:****@rabbit1:5671/celery');
    expect(broker.textContent).not.toContain('s3cret');
    expect(broker.textContent).toContain('certificate NOT verified');
    expect(screen.getByTestId('connection-management').textContent).toContain('No management API');
    expect(within(screen.getByTestId('connection-zookeeper')).getByText('/taskflow')).toBeTruthy();
    expect(screen.getByTestId('check-broker').getAttribute('data-state')).toBe('untested');
  });

  it('tests the connections, showing each as testing and then its result', async () => {
    const { api, deployment } = await setup(30);
    api.setCheckOutcome((kind) =>
      kind === 'broker' ? { ok: true, detail: 'Connected to RabbitMQ 3.10.8.' } : { ok: false, detail: 'zk1:2181 refused the connection.' },
    );
    renderWithApi(<DeploymentPage id={deployment.id} />, { api });
    await userEvent.click(await screen.findByRole('button', { name: 'Test connections' }));

    expect(screen.getByTestId('check-broker').getAttribute('data-state')).toBe('testing');
    expect(screen.getByTestId('check-zookeeper').getAttribute('data-state')).toBe('testing');

    await waitFor(() => expect(screen.getByTestId('check-broker').getAttribute('data-ok')).toBe('true'));
    expect(screen.getByTestId('check-zookeeper').getAttribute('data-ok')).toBe('false');
    expect(screen.getByTestId('connection-zookeeper').textContent).toContain('zk1:2181 refused the connection.');
    expect(screen.getByRole('img', { name: 'A check failed' })).toBeTruthy();
  });

  it('says so when the deployment no longer exists', async () => {
    const api = createFakeApi();
    renderWithApi(<DeploymentPage id={99} />, { api });
    expect(await screen.findByRole('heading', { name: 'This deployment does not exist' })).toBeTruthy();
  });
});
