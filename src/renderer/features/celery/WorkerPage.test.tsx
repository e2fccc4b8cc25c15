// @vitest-environment happy-dom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { FakeCeleryData } from '../../../../test/support/fake-api/fake-celery.ts';
import { renderWithApi } from '../../test-support/render-with-api.tsx';
import { celeryWorker, seedCelery } from '../../../../test/support/fake-api/celery-seed.ts';
import { DeploymentPage } from '../deployments/DeploymentPage.tsx';

const ALPHA = 'alpha@tach';

async function openWorker(options: { readOnly?: boolean; replies?: FakeCeleryData['replies'] } = {}) {
  const { api, deployment } = await seedCelery(
    { workers: [celeryWorker(ALPHA)], replies: options.replies },
    { celery: { enabled: true, readOnly: options.readOnly ?? false } },
  );
  const view = renderWithApi(<DeploymentPage id={deployment.id} />, { api, path: `/deployments/${deployment.id}/celery/workers/alpha%40tach` });
  await screen.findByTestId('worker-details');
  const controls = () => within(screen.getByTestId('control-panel'));
  const lastCall = (channel: string) => api.calls.filter((call) => call.channel === channel).at(-1)?.input;
  return { api, deployment, controls, lastCall, ...view };
}

describe('Celery worker page', () => {
  it('asks before shutting a worker down, naming it, and sends shutdown to that worker only', async () => {
    const { deployment, controls, lastCall } = await openWorker();

    await userEvent.click(controls().getByRole('button', { name: 'Shut down…' }));
    const dialog = await screen.findByRole('dialog', { name: `Shut down ${ALPHA}?` });
    expect(dialog.textContent).toContain(ALPHA);
    expect(lastCall('celery.control')).toBeUndefined();

    await userEvent.click(within(dialog).getByRole('button', { name: `Shut down ${ALPHA}` }));

    await waitFor(() => expect(lastCall('celery.control')).toEqual({ deploymentId: deployment.id, method: 'shutdown', timeout: 1, arguments: {}, destination: [ALPHA] }));
    expect(await screen.findByTestId('control-sent')).toBeTruthy();
    expect(screen.getByTestId('control-sent').textContent).toContain('never answer');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('does not send a destructive command when the confirmation is cancelled', async () => {
    const { controls, lastCall } = await openWorker();
    await userEvent.click(controls().getByRole('button', { name: 'Restart pool…' }));
    const dialog = await screen.findByRole('dialog', { name: `Restart the pool of ${ALPHA}?` });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(lastCall('celery.control')).toBeUndefined();
  });

  it('sends a harmless control at once, with its arguments, and shows each reply', async () => {
    const { deployment, controls, lastCall } = await openWorker({
      replies: { pool_grow: { replies: { [ALPHA]: { ok: 'pool will grow' } }, missing: [], elapsedMs: 14 } },
    });
    const processes = controls().getByLabelText('Processes');
    await userEvent.clear(processes);
    await userEvent.type(processes, '3');
    await userEvent.click(controls().getByRole('button', { name: 'Grow pool' }));

    expect(await screen.findByTestId('control-reply')).toBeTruthy();
    expect(screen.getByTestId('control-reply').textContent).toContain('pool will grow');
    expect(screen.getByTestId('control-reply').dataset.ok).toBe('true');
    expect(lastCall('celery.control')).toEqual({ deploymentId: deployment.id, method: 'pool_grow', timeout: 1, arguments: { n: 3 }, destination: [ALPHA] });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('puts an argument the engine refused under its input', async () => {
    const { api, controls } = await openWorker();
    api.failNext('celery.control', { code: 'invalid_input', message: 'rate_limit: "rate_limit" must be a rate such as 5/s, 10/m or 100/h.', field: 'rate_limit' });
    const row = within(controls().getByRole('group', { name: 'Rate limit' }));
    await userEvent.type(row.getByLabelText('Task name'), 'tach.add');
    await userEvent.type(row.getByLabelText('Rate'), 'fast');
    await userEvent.click(row.getByRole('button', { name: 'Set rate limit' }));

    const rate = row.getByLabelText('Rate');
    await waitFor(() => expect(rate.getAttribute('aria-invalid')).toBe('true'));
    expect(rate.parentElement?.querySelector('.field-error')?.textContent).toContain('must be a rate such as 5/s');
    expect(row.getByLabelText('Task name').getAttribute('aria-invalid')).toBeNull();
  });

  it('disables every control on a read-only deployment and says why, while inspect still works', async () => {
    const { controls, lastCall } = await openWorker({
      readOnly: true,
      replies: { stats: { replies: { [ALPHA]: { pool: { 'max-concurrency': 2 } } }, missing: [], elapsedMs: 9 } },
    });
    const buttons = controls().getAllByRole('button');
    expect(buttons.length).toBeGreaterThan(8);
    for (const button of buttons) expect((button as HTMLButtonElement).disabled).toBe(true);
    expect(controls().getByTestId('read-only-reason').textContent).toContain('read-only');
    expect(controls().getByRole('button', { name: 'Shut down…' }).getAttribute('title')).toContain('read-only');

    await userEvent.click(within(screen.getByTestId('inspect-panel')).getByRole('button', { name: 'stats' }));
    const stats = await screen.findByTestId('inspect-stats');
    await waitFor(() => expect(stats.dataset.status).toBe('done'));
    expect(stats.textContent).toContain('"max-concurrency": 2');
    expect(lastCall('celery.inspect')).toMatchObject({ method: 'stats', destination: [ALPHA] });
  });

  it("shows the server's forbidden answer if a control is sent anyway", async () => {
    const { api, controls } = await openWorker();
    api.failNext('celery.control', { code: 'forbidden', message: 'This deployment is read-only: control commands are refused.' });
    await userEvent.click(controls().getByRole('button', { name: 'Enable events' }));
    const error = await screen.findByTestId('command-error');
    expect(error.dataset.code).toBe('forbidden');
    expect(error.textContent).toContain('read-only');
  });

  it('says which worker did not answer an inspect, and within how long', async () => {
    const { controls } = await openWorker();
    expect(controls().getByTestId('disable-events-warning').textContent).toContain('-E');
    // The fake answers nothing for conf: the destination is missing.
    await userEvent.click(within(screen.getByTestId('inspect-panel')).getByRole('button', { name: 'conf' }));
    const missing = await screen.findByTestId('missing-reply');
    expect(missing.textContent).toContain(`${ALPHA} did not answer within 2 s`);
  });
});
