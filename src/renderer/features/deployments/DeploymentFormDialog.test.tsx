// @vitest-environment happy-dom
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { DeploymentUpdateInput } from '../../../shared/contract/schemas.ts';
import { createFakeApi } from '../../../../test/support/fake-api/fake-api.ts';
import { renderWithApi } from '../../test-support/render-with-api.tsx';
import { seedDeployment, seedTenant } from '../../../../test/support/fake-api/seed.ts';
import { DeploymentFormDialog } from './DeploymentFormDialog.tsx';

const errorOf = (input: HTMLElement) => {
  const ids = (input.getAttribute('aria-describedby') ?? '').split(' ');
  return ids.map((id) => document.getElementById(id)).find((element) => element?.classList.contains('field-error'))?.textContent;
};

async function setup() {
  const api = createFakeApi();
  const tenant = await seedTenant(api, 'acme');
  return { api, tenant };
}

describe('DeploymentFormDialog', () => {
  it('puts a server error under the field it names', async () => {
    const { api, tenant } = await setup();
    const onSaved = vi.fn();
    renderWithApi(<DeploymentFormDialog tenantId={tenant.id} onClose={() => {}} onSaved={onSaved} />, { api });

    await userEvent.type(screen.getByLabelText('Deployment name'), 'prod-east');
    await userEvent.type(screen.getByLabelText('ZooKeeper hosts'), 'zk1:2181 zk2:2181');
    await userEvent.click(screen.getByRole('button', { name: 'Create deployment' }));

    const hosts = screen.getByLabelText('ZooKeeper hosts');
    await waitFor(() => expect(hosts.getAttribute('aria-invalid')).toBe('true'));
    expect(errorOf(hosts)).toBe('must look like host:2181[,host:2181...][/chroot]');
    expect(screen.getByLabelText('Deployment name').getAttribute('aria-invalid')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(onSaved).not.toHaveBeenCalled();

    await userEvent.type(hosts, 'x');
    expect(hosts.getAttribute('aria-invalid')).toBeNull();
  });

  it('shows an error that names no field of the form as an alert', async () => {
    const { api, tenant } = await setup();
    api.failNext('deployments.create', { code: 'internal', message: 'The database is read-only.' });
    renderWithApi(<DeploymentFormDialog tenantId={tenant.id} onClose={() => {}} onSaved={() => {}} />, { api });

    await userEvent.type(screen.getByLabelText('Deployment name'), 'prod{Enter}');

    expect((await screen.findByRole('alert')).textContent).toContain('The database is read-only.');
  });

  it('creates a deployment with only the sections that were filled in', async () => {
    const { api, tenant } = await setup();
    const onSaved = vi.fn();
    renderWithApi(<DeploymentFormDialog tenantId={tenant.id} onClose={() => {}} onSaved={onSaved} />, { api });

    expect(document.activeElement).toBe(screen.getByLabelText('Deployment name'));
    await userEvent.type(screen.getByLabelText('Deployment name'), 'prod');
    await userEvent.type(screen.getByLabelText('AMQP URL'), 'amqps://tach@rabbit1:5671/celery');
    await userEvent.type(screen.getByLabelText('Password'), 's3cret');
    expect(screen.getByLabelText("Verify the broker's certificate")).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Create deployment' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalledOnce());
    expect(api.calls.find((call) => call.channel === 'deployments.create')?.input).toEqual({
      tenantId: tenant.id,
      name: 'prod',
      broker: { url: 'amqps://tach@rabbit1:5671/celery', password: 's3cret', managementUrl: null, tls: { verify: true } },
      zookeeper: null,
    });
  });

  it('keeps a stored password when editing without typing one', async () => {
    const { api, tenant } = await setup();
    const deployment = await seedDeployment(api, {
      tenantId: tenant.id,
      name: 'prod',
      broker: { url: 'amqp://tach@rabbit1:5672/', password: 's3cret' },
    });
    const onSaved = vi.fn();
    renderWithApi(<DeploymentFormDialog tenantId={tenant.id} deployment={deployment} onClose={() => {}} onSaved={onSaved} />, { api });

    const password = screen.getByLabelText('Password');
    expect(password.getAttribute('placeholder')).toBe('stored — leave empty to keep');
    expect(screen.getByLabelText<HTMLInputElement>('AMQP URL').value).toBe('amqp://tach@rabbit1:5672/');
    await userEvent.clear(screen.getByLabelText('Deployment name'));
    await userEvent.type(screen.getByLabelText('Deployment name'), 'production{Enter}');

    await waitFor(() => expect(onSaved).toHaveBeenCalledOnce());
    const sent = api.calls.find((call) => call.channel === 'deployments.update')?.input as DeploymentUpdateInput;
    expect(sent.name).toBe('production');
    expect(sent.broker).toBeTruthy();
    expect(sent.broker && 'password' in sent.broker).toBe(false);
    expect(api.secretsOf(deployment.id)?.password).toBe('s3cret');
  });

  it('sends a typed password, and an empty one when "clear" is ticked', async () => {
    const { api, tenant } = await setup();
    const deployment = await seedDeployment(api, {
      tenantId: tenant.id,
      name: 'prod',
      broker: { url: 'amqp://tach:s3cret@rabbit1:5672/' },
    });
    const onSaved = vi.fn();
    const { unmount } = renderWithApi(
      <DeploymentFormDialog tenantId={tenant.id} deployment={deployment} onClose={() => {}} onSaved={onSaved} />,
      { api },
    );
    await userEvent.type(screen.getByLabelText('Password'), 'n3w{Enter}');
    await waitFor(() => expect(onSaved).toHaveBeenCalledOnce());
    expect(api.secretsOf(deployment.id)?.password).toBe('n3w');
    unmount();

    const edited = await api.invoke('deployments.get', { id: deployment.id });
    if (!edited.ok) throw new Error(edited.error.message);
    renderWithApi(<DeploymentFormDialog tenantId={tenant.id} deployment={edited.value} onClose={() => {}} onSaved={onSaved} />, { api });
    await userEvent.click(screen.getByLabelText('Clear stored password'));
    expect(screen.getByLabelText<HTMLInputElement>('Password').disabled).toBe(true);
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(2));
    const updates = api.calls.filter((call) => call.channel === 'deployments.update');
    expect((updates.at(-1)?.input as DeploymentUpdateInput).broker?.password).toBe('');
    expect(api.secretsOf(deployment.id)?.password).toBeNull();
  });

  it('tests the typed connections before saving, lending the stored secrets when editing', async () => {
    const { api, tenant } = await setup();
    const deployment = await seedDeployment(api, {
      tenantId: tenant.id,
      name: 'prod',
      broker: { url: 'amqp://tach:s3cret@rabbit1:5672/' },
    });
    api.setCheckOutcome((kind) =>
      kind === 'zookeeper' ? { ok: false, detail: 'zk1:2181 refused the connection.' } : { ok: true, detail: 'RabbitMQ 3.10.8' },
    );
    renderWithApi(<DeploymentFormDialog tenantId={tenant.id} deployment={deployment} onClose={() => {}} onSaved={() => {}} />, { api });

    await userEvent.type(screen.getByLabelText('ZooKeeper hosts'), 'zk1:2181');
    await userEvent.click(screen.getByRole('button', { name: 'Test' }));

    const results = await screen.findByRole('list', { name: 'Test results' });
    await waitFor(() => expect(results.querySelector('[data-testid="check-zookeeper"]')?.getAttribute('data-ok')).toBe('false'));
    expect(results.querySelector('[data-testid="check-broker"]')?.getAttribute('data-ok')).toBe('true');
    expect(results.textContent).toContain('zk1:2181 refused the connection.');
    expect(api.calls.find((call) => call.channel === 'connections.testDraft')?.input).toEqual({
      deploymentId: deployment.id,
      broker: { url: 'amqp://tach@rabbit1:5672/', managementUrl: null },
      zookeeper: { hosts: 'zk1:2181' },
    });
    expect(api.calls.some((call) => call.channel === 'deployments.update')).toBe(false);
  });

  it('offers Browse… for the CA file only where the door has native file dialogs', async () => {
    const desktop = createFakeApi({ pickFile: () => '/etc/tach/ca.pem' });
    const tenant = await seedTenant(desktop, 'acme');
    renderWithApi(<DeploymentFormDialog tenantId={tenant.id} onClose={() => {}} onSaved={() => {}} />, { api: desktop });
    await userEvent.type(screen.getByLabelText('AMQP URL'), 'amqps://rabbit1');

    await userEvent.click(await screen.findByRole('button', { name: 'Browse…' }));
    await waitFor(() => expect(screen.getByLabelText<HTMLInputElement>('CA file').value).toBe('/etc/tach/ca.pem'));
  });

  it('has no Browse… on the headless door', async () => {
    const { api, tenant } = await setup();
    renderWithApi(<DeploymentFormDialog tenantId={tenant.id} onClose={() => {}} onSaved={() => {}} />, { api });
    await userEvent.type(screen.getByLabelText('AMQP URL'), 'amqps://rabbit1');
    await waitFor(() => expect(api.calls.some((call) => call.channel === 'app.info')).toBe(true));

    expect(screen.getByLabelText('CA file')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Browse…' })).toBeNull();
  });

  it('puts a Celery settings error from the engine under the "Snapshot every" input', async () => {
    const { api, tenant } = await setup();
    const onSaved = vi.fn();
    renderWithApi(<DeploymentFormDialog tenantId={tenant.id} onClose={() => {}} onSaved={onSaved} />, { api });

    await userEvent.type(screen.getByLabelText('Deployment name'), 'prod');
    await userEvent.click(screen.getByLabelText('Monitor Celery events'));
    const snapshot = screen.getByLabelText('Snapshot every (s)');
    await userEvent.clear(snapshot);
    await userEvent.type(snapshot, '0.1');
    await userEvent.click(screen.getByRole('button', { name: 'Create deployment' }));

    await waitFor(() => expect(snapshot.getAttribute('aria-invalid')).toBe('true'));
    expect(errorOf(snapshot)).toBe('must be at least 0.5');
    expect(api.calls.find((call) => call.channel === 'deployments.create')?.input).toMatchObject({ celery: { enabled: true, camera: { frequency: 0.1 } } });
    expect(screen.getByLabelText('Send enable_events every (s)').getAttribute('aria-invalid')).toBeNull();
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('sends only the Celery settings that changed, minutes as seconds, empty as off', async () => {
    const { api, tenant } = await setup();
    const deployment = await seedDeployment(api, {
      tenantId: tenant.id,
      name: 'prod',
      broker: { url: 'amqp://tach@rabbit1:5672/' },
      celery: { enabled: true, camera: { frequency: 5 } },
    });
    const onSaved = vi.fn();
    renderWithApi(<DeploymentFormDialog tenantId={tenant.id} deployment={deployment} onClose={() => {}} onSaved={onSaved} />, { api });

    expect(screen.getByLabelText<HTMLInputElement>('Monitor Celery events').checked).toBe(true);
    expect(screen.getByLabelText<HTMLInputElement>('Snapshot every (s)').value).toBe('5');
    await userEvent.click(screen.getByLabelText('Read-only (refuse control commands)'));
    await userEvent.clear(screen.getByLabelText('Send enable_events every (s)'));
    await userEvent.type(screen.getByLabelText('Hide offline workers after (min)'), '15');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalledOnce());
    const sent = api.calls.find((call) => call.channel === 'deployments.update')?.input as DeploymentUpdateInput;
    expect(sent.celery).toEqual({ readOnly: true, enableEventsInterval: null, purgeOfflineAfter: 900 });
  });

  it('refuses text that is not a number before asking the engine', async () => {
    const { api, tenant } = await setup();
    renderWithApi(<DeploymentFormDialog tenantId={tenant.id} onClose={() => {}} onSaved={() => {}} />, { api });
    await userEvent.type(screen.getByLabelText('Deployment name'), 'prod');
    await userEvent.type(screen.getByLabelText('Hide offline workers after (min)'), 'soon');
    await userEvent.click(screen.getByRole('button', { name: 'Create deployment' }));

    expect(errorOf(screen.getByLabelText('Hide offline workers after (min)'))).toBe('must be a number, or empty for off');
    expect(api.calls.some((call) => call.channel === 'deployments.create')).toBe(false);
  });

  it('offers the durable (quorum) event queue with its limits, minutes as seconds, and shows the engine\'s range error', async () => {
    const { api, tenant } = await setup();
    const onSaved = vi.fn();
    renderWithApi(<DeploymentFormDialog tenantId={tenant.id} onClose={() => {}} onSaved={onSaved} />, { api });
    await userEvent.type(screen.getByLabelText('Deployment name'), 'prod');
    expect(screen.queryByLabelText('Queue holds at most (events)')).toBeNull();
    await userEvent.click(screen.getByLabelText('Durable event queue (quorum: survives a broker restart)'));
    const length = screen.getByLabelText<HTMLInputElement>('Queue holds at most (events)');
    expect(length.value).toBe('1000000');
    expect(screen.getByLabelText<HTMLInputElement>('Events wait at most (min)').value).toBe('60');
    await userEvent.clear(length);
    await userEvent.type(length, '10');
    await userEvent.clear(screen.getByLabelText('Events wait at most (min)'));
    await userEvent.type(screen.getByLabelText('Events wait at most (min)'), '30');
    await userEvent.click(screen.getByRole('button', { name: 'Create deployment' }));

    await waitFor(() => expect(length.getAttribute('aria-invalid')).toBe('true'));
    expect(errorOf(length)).toBe('must be at least 1000');
    expect(api.calls.find((call) => call.channel === 'deployments.create')?.input).toMatchObject({ celery: { durableQueue: true, queueMaxLength: 10, queueTtlSeconds: 1800 } });
    await userEvent.clear(length);
    await userEvent.type(length, '50000');
    await userEvent.click(screen.getByRole('button', { name: 'Create deployment' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledOnce());
  });
});
