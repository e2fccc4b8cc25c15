import { useState } from 'react';
import { useLocation } from 'wouter';
import { useMutationRequest } from '../../api/use-mutation-request.ts';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { Field } from '../../components/Field.tsx';

/** Nothing to show yet: one question, the first tenant's name. */
export function FirstRun() {
  const [name, setName] = useState('');
  const create = useMutationRequest('tenants.create');
  const [, navigate] = useLocation();
  const fieldError = create.error?.field === 'name' ? create.error.message : undefined;
  const formError = create.error && !fieldError ? create.error.message : undefined;

  return (
    <main className="first-run" data-testid="first-run">
      <form
        className="first-run-card"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate({ name }, { onSuccess: (tenant) => navigate(`/tenants/${tenant.id}`) });
        }}
      >
        <h1>Create your first tenant</h1>
        <p className="muted">
          A tenant groups the deployments you watch for one customer, region or team. Each deployment then gets its broker,
          management API and ZooKeeper.
        </p>
        <Field
          label="Tenant name"
          value={name}
          onChange={(value) => {
            setName(value);
            create.reset();
          }}
          error={fieldError}
          placeholder="acme"
          autoFocus
        />
        {formError && <Alert>{formError}</Alert>}
        <Button type="submit" variant="primary" busy={create.isPending}>
          Create tenant
        </Button>
      </form>
    </main>
  );
}
