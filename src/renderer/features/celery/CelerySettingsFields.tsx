import { Checkbox } from '../../components/Checkbox.tsx';
import { Field } from '../../components/Field.tsx';
import type { CeleryFormField, CeleryFormValues } from './celery-settings-form.ts';

interface CelerySettingsFieldsProps {
  values: CeleryFormValues;
  errors: Partial<Record<CeleryFormField, string>>;
  set: <F extends CeleryFormField>(field: F, value: CeleryFormValues[F]) => void;
  hasBroker: boolean;
}

/** The deployment form's Celery section. */
export function CelerySettingsFields({ values, errors, set, hasBroker }: CelerySettingsFieldsProps) {
  return (
    <fieldset className="form-section celery-settings">
      <legend>Celery</legend>
      <p className="form-section-note">
        Reads the broker&apos;s Celery event stream and sends remote-control commands through it.{hasBroker ? '' : ' Needs a broker.'}
      </p>
      <div className="checkbox-row">
        <Checkbox label="Monitor Celery events" checked={values.celeryEnabled} onChange={(checked) => set('celeryEnabled', checked)} error={errors.celeryEnabled} />
        <Checkbox
          label="Read-only (refuse control commands)"
          checked={values.celeryReadOnly}
          onChange={(checked) => set('celeryReadOnly', checked)}
          error={errors.celeryReadOnly}
        />
      </div>
      <div className="celery-settings-row">
        <Field
          label="Send enable_events every (s)"
          value={values.celeryEnableEvents}
          onChange={(value) => set('celeryEnableEvents', value)}
          error={errors.celeryEnableEvents}
          placeholder="off"
          inputMode="decimal"
          hint="Empty: never. For workers started without -E."
        />
        <Field
          label="Snapshot every (s)"
          value={values.celeryCameraFrequency}
          onChange={(value) => set('celeryCameraFrequency', value)}
          error={errors.celeryCameraFrequency}
          inputMode="decimal"
          hint="Camera: workers and task counts."
        />
        <Field
          label="Hide offline workers after (min)"
          value={values.celeryPurgeMinutes}
          onChange={(value) => set('celeryPurgeMinutes', value)}
          error={errors.celeryPurgeMinutes}
          placeholder="never"
          inputMode="decimal"
          hint="Empty: keep them listed."
        />
      </div>
      <div className="checkbox-row">
        <Checkbox
          label="Durable event queue (quorum: survives a broker restart)"
          checked={values.celeryDurableQueue}
          onChange={(checked) => set('celeryDurableQueue', checked)}
          error={errors.celeryDurableQueue}
        />
      </div>
      <p className="form-section-note">
        Celery sends events transient: a broker restart while Tach is away loses those waiting in a classic queue. A quorum queue writes them to the
        broker&apos;s disk, at a cost to the broker. Switching deletes Tach&apos;s queue and declares it anew: events waiting in it then are dropped.
      </p>
      {values.celeryDurableQueue && (
        <div className="celery-settings-row">
          <Field
            label="Queue holds at most (events)"
            value={values.celeryQueueMaxLength}
            onChange={(value) => set('celeryQueueMaxLength', value)}
            error={errors.celeryQueueMaxLength}
            inputMode="numeric"
            hint="Beyond, the oldest are dropped."
          />
          <Field
            label="Events wait at most (min)"
            value={values.celeryQueueTtlMinutes}
            onChange={(value) => set('celeryQueueTtlMinutes', value)}
            error={errors.celeryQueueTtlMinutes}
            inputMode="decimal"
            hint="Older ones are dropped."
          />
        </div>
      )}
    </fieldset>
  );
}
