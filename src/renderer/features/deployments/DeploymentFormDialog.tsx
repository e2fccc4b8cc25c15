import { useState } from 'react';
import type { ConnectionKind, Deployment } from '../../../shared/domain/types.ts';
import { useMutationRequest } from '../../api/use-mutation-request.ts';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { Checkbox } from '../../components/Checkbox.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { Field } from '../../components/Field.tsx';
import { errorsFrom, noErrors, withoutFieldError } from '../../components/form-errors.ts';
import type { FormErrors } from '../../components/form-errors.ts';
import { CelerySettingsFields } from '../celery/CelerySettingsFields.tsx';
import { toCeleryPatch } from '../celery/celery-settings-form.ts';
import type { CeleryFormField, CeleryFormValues } from '../celery/celery-settings-form.ts';
import { CheckResults } from '../connections/CheckResults.tsx';
import { configuredKinds } from '../connections/connection-kinds.ts';
import { BrokerFields } from './BrokerFields.tsx';
import {
  fieldForPath,
  initialValues,
  storedCelery,
  toBrokerInput,
  toCreateInput,
  toDraftInput,
  toUpdateInput,
  toZookeeperInput,
} from './deployment-form-values.ts';
import type { DeploymentFormValues, FormField } from './deployment-form-values.ts';

interface DeploymentFormDialogProps {
  tenantId: number;
  /** Present when editing. */
  deployment?: Deployment;
  onClose: () => void;
  onSaved: (deployment: Deployment) => void;
}

export function DeploymentFormDialog({ tenantId, deployment, onClose, onSaved }: DeploymentFormDialogProps) {
  const [values, setValues] = useState(() => initialValues(deployment));
  const [errors, setErrors] = useState<FormErrors<FormField>>(noErrors);
  const create = useMutationRequest('deployments.create');
  const update = useMutationRequest('deployments.update');
  const test = useMutationRequest('connections.testDraft', { invalidate: false });
  const saving = create.isPending || update.isPending;

  const set = <F extends FormField>(field: F, value: DeploymentFormValues[F]) => {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors((current) => withoutFieldError(current, field));
  };

  // The Celery fields are a subset of the form's: the same value types under the same names.
  const setCelery = <F extends CeleryFormField>(field: F, value: CeleryFormValues[F]) => set(field, value as DeploymentFormValues[F]);

  const onError = (error: Parameters<typeof errorsFrom>[0]) => setErrors(errorsFrom(error, fieldForPath));

  const save = () => {
    // Text that is not a number never leaves the form (JSON would turn NaN into null: "off").
    const celeryErrors = toCeleryPatch(values, storedCelery(deployment)).errors;
    if (Object.keys(celeryErrors).length > 0) {
      setErrors({ fields: celeryErrors });
      return;
    }
    setErrors(noErrors());
    const options = { onSuccess: onSaved, onError };
    if (deployment) update.mutate(toUpdateInput(deployment, values), options);
    else create.mutate(toCreateInput(tenantId, values), options);
  };

  const runTest = () => {
    setErrors(noErrors());
    test.mutate(toDraftInput(values, deployment?.id), { onError });
  };

  const draftKinds = configuredKinds({
    broker: toBrokerInput(values) && { managementUrl: values.managementUrl.trim() || null },
    zookeeper: toZookeeperInput(values),
  });

  return (
    <Dialog title={deployment ? `Edit ${deployment.name}` : 'Add deployment'} onClose={saving ? () => {} : onClose} wide>
      <form
        className="dialog-body"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <Field label="Deployment name" value={values.name} onChange={(value) => set('name', value)} error={errors.fields.name} placeholder="prod-east" />
        <BrokerFields values={values} errors={errors.fields} set={set} hasStoredPassword={deployment?.broker?.hasPassword ?? false} />
        <fieldset className="form-section">
          <legend>ZooKeeper</legend>
          <p className="form-section-note">Optional. The ensemble holding TaskFlow job boards.</p>
          <Field
            label="ZooKeeper hosts"
            value={values.zookeeperHosts}
            onChange={(value) => set('zookeeperHosts', value)}
            error={errors.fields.zookeeperHosts}
            placeholder="zk1:2181,zk2:2181/chroot"
            className="mono-input"
          />
          <Field
            label="Job boards"
            value={values.jobboardPaths}
            onChange={(value) => set('jobboardPaths', value)}
            error={errors.fields.jobboardPaths}
            hint="TaskFlow board paths to watch, separated by commas."
            placeholder="/taskflow/jobs/my_board"
            className="mono-input"
          />
          <Field
            label="Discover boards under"
            value={values.discoverRoot}
            onChange={(value) => set('discoverRoot', value)}
            error={errors.fields.discoverRoot}
            hint="Every board found below this path is watched too. Empty: only the boards listed."
            placeholder="/taskflow"
            className="mono-input"
          />
          <Checkbox
            label="Allow trashing jobs and releasing abandoned claims (off: job boards are read-only)"
            checked={values.allowJobActions}
            onChange={(checked) => set('allowJobActions', checked)}
          />
        </fieldset>
        <CelerySettingsFields values={values} errors={errors.fields} set={setCelery} hasBroker={toBrokerInput(values) !== null} />
        {(test.isPending || test.data) && (
          <CheckResults
            kinds={test.data && !test.isPending ? (Object.keys(test.data) as ConnectionKind[]) : draftKinds}
            checks={test.data}
            testing={test.isPending}
          />
        )}
        {errors.form && <Alert>{errors.form}</Alert>}
        <footer className="dialog-footer">
          <Button onClick={runTest} busy={test.isPending} disabled={saving || draftKinds.length === 0} className="dialog-footer-start" data-testid="form-test">
            Test
          </Button>
          <Button onClick={onClose} disabled={saving}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={saving}>
            {deployment ? 'Save' : 'Create deployment'}
          </Button>
        </footer>
      </form>
    </Dialog>
  );
}
