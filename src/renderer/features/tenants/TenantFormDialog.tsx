import { useState } from 'react';
import type { Tenant } from '../../../shared/domain/types.ts';
import { useMutationRequest } from '../../api/use-mutation-request.ts';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { Field } from '../../components/Field.tsx';
import { errorsFrom, noErrors } from '../../components/form-errors.ts';
import type { FormErrors } from '../../components/form-errors.ts';

const nameField = (path: string | undefined) => (path === 'name' ? 'name' : undefined);

interface TenantFormDialogProps {
  /** Present when renaming. */
  tenant?: Tenant;
  onClose: () => void;
  onSaved: (tenant: Tenant) => void;
}

export function TenantFormDialog({ tenant, onClose, onSaved }: TenantFormDialogProps) {
  const [name, setName] = useState(tenant?.name ?? '');
  const [errors, setErrors] = useState<FormErrors<'name'>>(noErrors);
  const create = useMutationRequest('tenants.create');
  const update = useMutationRequest('tenants.update');
  const saving = create.isPending || update.isPending;

  const save = () => {
    setErrors(noErrors());
    const options = { onSuccess: onSaved, onError: (error: Parameters<typeof errorsFrom>[0]) => setErrors(errorsFrom(error, nameField)) };
    if (tenant) update.mutate({ id: tenant.id, name }, options);
    else create.mutate({ name }, options);
  };

  return (
    <Dialog title={tenant ? `Rename ${tenant.name}` : 'New tenant'} onClose={saving ? () => {} : onClose}>
      <form
        className="dialog-body"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <Field
          label="Tenant name"
          value={name}
          onChange={(value) => {
            setName(value);
            setErrors(noErrors());
          }}
          error={errors.fields.name}
          placeholder="acme"
        />
        {errors.form && <Alert>{errors.form}</Alert>}
        <footer className="dialog-footer">
          <Button onClick={onClose} disabled={saving}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={saving}>
            {tenant ? 'Save name' : 'Create tenant'}
          </Button>
        </footer>
      </form>
    </Dialog>
  );
}
