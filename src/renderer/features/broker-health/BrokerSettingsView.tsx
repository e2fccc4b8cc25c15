import { useState } from 'react';
import type { FormEvent } from 'react';
import type { QueueThresholds } from '../../../shared/domain/settings.ts';
import type { Deployment } from '../../../shared/domain/types.ts';
import { useMutationRequest } from '../../api/use-mutation-request.ts';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { Checkbox } from '../../components/Checkbox.tsx';
import { Field } from '../../components/Field.tsx';
import { THRESHOLDS } from './threshold-fields.ts';


const toText = (value: number | null) => (value === null ? '' : String(value));
/** Empty is "rule off" (null); anything else goes to the engine as typed, so it says what is wrong. */
const toValue = (text: string): number | null => (text.trim() === '' ? null : Number(text));

/** Poll interval, the queues to passive-declare, thresholds and the grace period of this deployment. */
export function BrokerSettingsView({ deployment }: { deployment: Deployment }) {
  const { brokerHealth, alerts } = deployment.settings;
  const [enabled, setEnabled] = useState(brokerHealth.enabled);
  const [interval, setInterval] = useState(String(brokerHealth.pollInterval));
  const [queues, setQueues] = useState(brokerHealth.queues.join('\n'));
  const [grace, setGrace] = useState(String(alerts.graceSeconds));
  const [thresholds, setThresholds] = useState(() => Object.fromEntries(THRESHOLDS.map(({ key }) => [key, toText(brokerHealth.thresholds[key])])) as Record<keyof QueueThresholds, string>);
  const update = useMutationRequest('deployments.update');
  const fieldError = (field: string) => (update.error?.field === field ? update.error.message : undefined);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({
      id: deployment.id,
      brokerHealth: {
        enabled,
        pollInterval: Number(interval),
        queues: queues.split('\n').map((q) => q.trim()).filter(Boolean),
        thresholds: Object.fromEntries(THRESHOLDS.map(({ key }) => [key, toValue(thresholds[key])])),
      },
      alerts: { graceSeconds: Number(grace) },
    });
  };

  return (
    <form className="broker-settings" onSubmit={submit} data-testid="broker-settings">
      <Checkbox label="Watch this deployment's broker" checked={enabled} onChange={setEnabled} />
      <div className="broker-settings-row">
        <Field label="Poll every (seconds)" value={interval} onChange={setInterval} inputMode="decimal" error={fieldError('brokerHealth.pollInterval')} />
        <Field
          label="Grace period (seconds)"
          value={grace}
          onChange={setGrace}
          inputMode="decimal"
          error={fieldError('alerts.graceSeconds')}
          hint="A condition must hold this long before its alert opens."
        />
      </div>
      <fieldset className="broker-thresholds">
        <legend>Alert thresholds (empty turns a rule off)</legend>
        {THRESHOLDS.map(({ key, label, hint }) => (
          <Field
            key={key}
            label={label}
            value={thresholds[key]}
            onChange={(value) => setThresholds((current) => ({ ...current, [key]: value }))}
            inputMode="decimal"
            hint={hint}
            error={fieldError(`brokerHealth.thresholds.${key}`)}
          />
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="passive-queues">Queues to watch without a management API (one per line, in the broker URL&apos;s vhost)</label>
        <textarea id="passive-queues" rows={4} value={queues} onChange={(event) => setQueues(event.target.value)} spellCheck={false} className="mono" />
        {fieldError('brokerHealth.queues') && <p className="field-error">{fieldError('brokerHealth.queues')}</p>}
        <p className="field-hint">Used only when the deployment has no management API URL: Tach passive-declares these queues for their messages and consumers.</p>
      </div>
      {update.error && !update.error.field && <Alert title="The settings were not saved">{update.error.message}</Alert>}
      <div className="button-row">
        <Button type="submit" variant="primary" busy={update.isPending}>
          Save broker health settings
        </Button>
        {update.isSuccess && <span className="muted">Saved; the next poll uses them.</span>}
      </div>
    </form>
  );
}
