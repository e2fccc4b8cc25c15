import { useState, type FormEvent } from 'react';
import type { Deployment } from '../../../shared/domain/types.ts';
import { useMutationRequest } from '../../api/use-mutation-request.ts';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { Checkbox } from '../../components/Checkbox.tsx';
import { Field } from '../../components/Field.tsx';

const list = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** Which exchanges and queues to consume, their durability as the cloud declares them, and retention. */
export function NotificationSettingsForm({ deployment, onSaved }: { deployment: Deployment; onSaved?: () => void }) {
  const current = deployment.settings.notifications;
  const update = useMutationRequest('deployments.update');
  const [exchanges, setExchanges] = useState(current.exchanges.join(', '));
  const [queues, setQueues] = useState(current.queues.join(', '));
  const [durable, setDurable] = useState(current.durableQueues);
  const [maxAgeHours, setMaxAgeHours] = useState(String(current.retention.maxAgeHours));
  const [maxEvents, setMaxEvents] = useState(String(current.retention.maxEvents));
  const fieldError = (name: string) => (update.error?.field?.startsWith(`notifications.${name}`) ? update.error.message : undefined);

  const save = (enabled: boolean) => (event?: FormEvent) => {
    event?.preventDefault();
    update.mutate(
      {
        id: deployment.id,
        notifications: {
          enabled,
          exchanges: list(exchanges),
          queues: list(queues),
          durableQueues: durable,
          retention: { maxAgeHours: Number(maxAgeHours), maxEvents: Number(maxEvents) },
        },
      },
      { onSuccess: () => onSaved?.() },
    );
  };

  return (
    <form className="notification-settings" aria-label="Notification settings" onSubmit={save(true)} data-testid="notification-settings">
      <Field label="Exchanges" value={exchanges} onChange={setExchanges} error={fieldError('exchanges')} hint="Topic exchanges the services publish to: nova (Nova's control_exchange), glance, neutron, cinder…" />
      <Field
        label="Queues"
        value={queues}
        onChange={setQueues}
        error={fieldError('queues')}
        hint="Each is bound to every exchange with its own name as routing key: monitor.info, monitor.error (StackTach) or notifications.info, notifications.error."
      />
      <Checkbox
        label={
          <>
            The cloud sets <span className="mono">amqp_durable_queues = true</span>
          </>
        }
        checked={durable}
        onChange={setDurable}
      />
      <p className="field-hint">
        An existing queue is always used as it is. A missing one is created with the flags the cloud&apos;s own services use, durable only if
        this is ticked; other flags would make Nova&apos;s own declarations fail (PRECONDITION_FAILED) and stop its notifications.
      </p>
      <div className="form-row">
        <Field label="Keep raw events (hours)" type="number" min={1} value={maxAgeHours} onChange={setMaxAgeHours} error={fieldError('retention.maxAgeHours')} />
        <Field label="Keep at most (events)" type="number" min={1000} value={maxEvents} onChange={setMaxEvents} error={fieldError('retention.maxEvents')} hint="Timings and KPIs are kept." />
      </div>
      {update.error && !update.error.field && <Alert title="Not saved">{update.error.message}</Alert>}
      {update.error?.field && <Alert title="Not saved">{`${update.error.field}: ${update.error.message}`}</Alert>}
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={update.isPending}>
          {current.enabled ? 'Save' : 'Turn on notifications'}
        </Button>
        {current.enabled && (
          <Button variant="danger" busy={update.isPending} onClick={() => save(false)()}>
            Turn off
          </Button>
        )}
      </div>
    </form>
  );
}
