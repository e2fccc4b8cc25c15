// @vitest-environment happy-dom
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderWithApi } from '../../test-support/render-with-api.tsx';
import { at, seedCelery } from '../../../../test/support/fake-api/celery-seed.ts';
import { DeploymentPage } from '../deployments/DeploymentPage.tsx';

describe('Celery rejected events', () => {
  it('is reached from the count in the header and expands a preview of the body', async () => {
    const { api, deployment } = await seedCelery({
      rejected: [
        { id: 7, receivedAt: at(-5), routingKey: 'worker.heartbeat', contentType: 'application/x-python-serialize', reason: 'pickle is not accepted: only json events are read', preview: '\u0080\u0004\u0095 binary', size: 9000 },
      ],
    });
    renderWithApi(<DeploymentPage id={deployment.id} />, { api, path: `/deployments/${deployment.id}/celery` });

    const link = await screen.findByTestId('rejected-link');
    expect(link.textContent).toContain('1 rejected');
    await userEvent.click(link);

    const row = await screen.findByTestId('rejected-row');
    expect(row.textContent).toContain('worker.heartbeat');
    expect(row.textContent).toContain('application/x-python-serialize');
    expect(row.textContent).toContain('pickle is not accepted');
    expect(row.textContent).toContain('8.8 KiB');
    expect(screen.queryByTestId('rejected-preview')).toBeNull();

    await userEvent.click(within(row).getByRole('button', { name: 'Show' }));
    expect(screen.getByTestId('rejected-preview').textContent).toContain('binary');
    expect(screen.getByTestId('rejected-preview').textContent).toContain('the preview keeps the first 4 KiB');
  });
});
