// @vitest-environment happy-dom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderWithApi } from '../../test-support/render-with-api.tsx';
import { at, celeryTask, seedCelery } from '../../../../test/support/fake-api/celery-seed.ts';
import { DeploymentPage } from '../deployments/DeploymentPage.tsx';

const UUID = '9b1f7c2e-3d4a-4b5c-8d6e-7f8091a2b3c4';
const TRACEBACK = `Traceback (most recent call last):
  File "/usr/lib/python3/dist-packages/celery/app/trace.py", line 451, in trace_task
    R = retval = fun(*args, **kwargs)
  File "/work/tachapp.py", line 34, in fail
    raise ValueError(msg)
ValueError: boom`;

const failed = celeryTask(UUID, {
  name: 'tach.fail',
  state: 'FAILURE',
  args: "['boom']",
  result: null,
  exception: "ValueError('boom')",
  traceback: TRACEBACK,
  succeeded: null,
  failed: at(-9.3),
  lastEventAt: at(-9.3),
  parentId: 'parent-0001',
  rootId: 'root-0001',
});

async function openTask(readOnly = false) {
  const seeded = await seedCelery({ tasks: [failed] }, { celery: { enabled: true, readOnly } });
  const view = renderWithApi(<DeploymentPage id={seeded.deployment.id} />, {
    api: seeded.api,
    path: `/deployments/${seeded.deployment.id}/celery/tasks/${UUID}?state=FAILURE`,
  });
  await screen.findByTestId('task-page');
  return { ...seeded, ...view };
}

describe('Celery task page', () => {
  it('shows the exception with its full traceback, the arguments and the transitions', async () => {
    const { deployment } = await openTask();
    expect(screen.getByTestId('task-traceback').textContent).toBe(TRACEBACK);
    expect(screen.getByTestId('task-exception').textContent).toBe("ValueError('boom')");
    expect(screen.getByTestId('task-args').textContent).toBe("['boom']");
    const kinds = within(screen.getByTestId('task-timeline'))
      .getAllByRole('listitem')
      .map((item) => item.dataset.kind);
    expect(kinds).toEqual(['sent', 'received', 'started', 'failed']);
    expect(screen.getByTestId('task-timeline').textContent).toContain('+500 ms');
    expect(screen.getByRole('link', { name: 'parent-0001' }).getAttribute('href')).toBe(`/deployments/${deployment.id}/celery/tasks/parent-0001`);
    // Back to the list as it was filtered.
    expect(within(screen.getByRole('navigation', { name: 'Celery' })).getByRole('link', { name: 'Tasks' }).getAttribute('href')).toBe(`/deployments/${deployment.id}/celery/tasks?state=FAILURE`);
  });

  it('revokes at once, but asks before terminating, naming the worker', async () => {
    const { api, deployment } = await openTask();
    const controls = () => api.calls.filter((call) => call.channel === 'celery.control').map((call) => call.input);

    await userEvent.click(screen.getByRole('button', { name: 'Revoke' }));
    await waitFor(() => expect(controls()).toEqual([{ deploymentId: deployment.id, method: 'revoke', timeout: 1, arguments: { task_id: UUID } }]));

    await userEvent.click(screen.getByRole('button', { name: 'Revoke and terminate…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Terminate task on alpha@tach?' });
    expect(controls()).toHaveLength(1);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Revoke and terminate' }));

    await waitFor(() => expect(controls()).toHaveLength(2));
    expect(controls()[1]).toEqual({ deploymentId: deployment.id, method: 'revoke', timeout: 1, arguments: { task_id: UUID, terminate: true } });
  });

  it('disables revoking on a read-only deployment and says why', async () => {
    await openTask(true);
    expect(screen.getByRole('button', { name: 'Revoke' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByRole('button', { name: 'Revoke and terminate…' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByTestId('read-only-reason').textContent).toContain('read-only');
  });
});

describe('Celery task page: values the engine did not take as sent', () => {
  it('says the clock was skewed and which fields were cut, from how many bytes', async () => {
    const uuid = 'future-3000';
    const task = celeryTask(uuid, { clockSkewSent: '3000-01-01T00:00:00.000Z', truncated: { args: 10_485_760 }, args: 'AAAA… [truncated: 10,485,760 bytes]' });
    const seeded = await seedCelery({ tasks: [task] }, { celery: { enabled: true } });
    renderWithApi(<DeploymentPage id={seeded.deployment.id} />, { api: seeded.api, path: `/deployments/${seeded.deployment.id}/celery/tasks/${uuid}` });
    await screen.findByTestId('task-page');
    expect(screen.getByTestId('clock-skew-note').textContent).toBe('⚠ clock skewed: sent 3000-01-01T00:00:00.000Z');
    expect(screen.getAllByTestId('truncated-note').map((n) => n.textContent)).toEqual(['truncated from 10,485,760 bytes']);
  });
});
