import { useState } from 'react';
import type { FormEvent } from 'react';
import { effectiveThresholds, withQueueOverride } from '../../../shared/domain/queue-thresholds.ts';
import type { QueueThresholds } from '../../../shared/domain/settings.ts';
import type { Deployment } from '../../../shared/domain/types.ts';
import { useMutationRequest } from '../../api/use-mutation-request.ts';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { Field } from '../../components/Field.tsx';
import { THRESHOLDS } from './threshold-fields.ts';

/** Empty: the deployment's threshold; "off": the rule is off for this queue; a number: its own. */
const toText = (value: number | null | undefined) => (value === undefined ? '' : value === null ? 'off' : String(value));
const parse = (text: string): number | null | undefined => {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '') return undefined;
  return trimmed === 'off' ? null : Number(trimmed);
};

/** One queue's own alert thresholds, where the deployment's do not fit it. */
export function QueueThresholdsForm({ deployment, subject }: { deployment: Deployment; subject: string }) {
  const settings = deployment.settings.brokerHealth;
  const own = settings.queueOverrides.find((o) => o.queue === subject)?.thresholds ?? {};
  const [texts, setTexts] = useState(() => Object.fromEntries(THRESHOLDS.map(({ key }) => [key, toText(own[key])])) as Record<keyof QueueThresholds, string>);
  const update = useMutationRequest('deployments.update');
  const effective = effectiveThresholds(settings, subject);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const thresholds: Partial<QueueThresholds> = {};
    for (const { key } of THRESHOLDS) {
      const value = parse(texts[key]);
      if (value !== undefined) thresholds[key] = value;
    }
    update.mutate({ id: deployment.id, brokerHealth: { queueOverrides: withQueueOverride(settings, subject, thresholds) } });
  };
  const fieldError = update.error?.field?.startsWith('brokerHealth.queueOverrides') ? update.error.message : undefined;

  return (
    <form className="broker-settings" onSubmit={submit} data-testid="queue-thresholds">
      <fieldset className="broker-thresholds">
        <legend>This queue&apos;s alert thresholds (empty: the deployment&apos;s; &quot;off&quot;: no alert for this queue)</legend>
        {THRESHOLDS.map(({ key, label }) => (
          <Field
            key={key}
            label={label}
            value={texts[key]}
            onChange={(value) => setTexts((current) => ({ ...current, [key]: value }))}
            placeholder={settings.thresholds[key] === null ? 'off' : String(settings.thresholds[key])}
            hint={`In effect: ${effective[key] === null ? 'off' : effective[key]}`}
          />
        ))}
      </fieldset>
      {fieldError && <Alert title="The thresholds were not saved">{fieldError}</Alert>}
      {update.error && !fieldError && <Alert title="The thresholds were not saved">{update.error.message}</Alert>}
      <div className="button-row">
        <Button type="submit" variant="primary" busy={update.isPending}>
          Save this queue&apos;s thresholds
        </Button>
        {update.isSuccess && <span className="muted">Saved; the next poll uses them.</span>}
      </div>
    </form>
  );
}
