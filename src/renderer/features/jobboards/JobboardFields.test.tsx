// @vitest-environment happy-dom
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { createFakeApi } from '../../../../test/support/fake-api/fake-api.ts';
import { renderWithApi } from '../../test-support/render-with-api.tsx';
import { seedDeployment, seedTenant } from '../../../../test/support/fake-api/seed.ts';
import { DeploymentFormDialog } from '../deployments/DeploymentFormDialog.tsx';

describe('job boards in the deployment form', () => {
  it('sends the boards and the discovery root with the ZooKeeper hosts', async () => {
    const api = createFakeApi();
    const tenant = await seedTenant(api, 'acme');
    const onSaved = vi.fn();
    renderWithApi(<DeploymentFormDialog tenantId={tenant.id} onClose={() => {}} onSaved={onSaved} />, { api });
    await userEvent.type(screen.getByLabelText('Deployment name'), 'flows');
    await userEvent.type(screen.getByLabelText('ZooKeeper hosts'), 'zk1:2181');
    expect((screen.getByLabelText('Discover boards under') as HTMLInputElement).value).toBe('/taskflow');
    await userEvent.type(screen.getByLabelText('Job boards'), '/taskflow/jobs/a, /taskflow/jobs/b');
    await userEvent.clear(screen.getByLabelText('Discover boards under'));
    await userEvent.click(screen.getByRole('button', { name: 'Create deployment' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledOnce());
    expect(api.calls.find((call) => call.channel === 'deployments.create')?.input).toMatchObject({
      zookeeper: { hosts: 'zk1:2181', jobboards: ['/taskflow/jobs/a', '/taskflow/jobs/b'], discover: null },
    });
  });

  it('leaves the boards alone when editing something else, and shows a bad path under its field', async () => {
    const api = createFakeApi();
    const tenant = await seedTenant(api, 'acme');
    const deployment = await seedDeployment(api, { tenantId: tenant.id, name: 'flows', zookeeper: { hosts: 'zk1:2181' } });
    renderWithApi(<DeploymentFormDialog tenantId={tenant.id} deployment={deployment} onClose={() => {}} onSaved={() => {}} />, { api });
    await userEvent.type(screen.getByLabelText('Job boards'), 'taskflow/no-slash');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    const boards = screen.getByLabelText('Job boards');
    await waitFor(() => expect(boards.getAttribute('aria-invalid')).toBe('true'));
    expect(api.calls.find((call) => call.channel === 'deployments.update')?.input).toMatchObject({ zookeeper: { hosts: 'zk1:2181', jobboards: ['taskflow/no-slash'] } });
  });
});
