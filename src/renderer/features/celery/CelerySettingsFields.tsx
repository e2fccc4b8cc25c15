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
    </fieldset>
  );
}
