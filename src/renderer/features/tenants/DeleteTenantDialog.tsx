import type { Tenant } from '../../../shared/domain/types.ts';
import { useMutationRequest } from '../../api/use-mutation-request.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';

const deploymentsPhrase = (count: number) =>
  count === 0 ? 'It has no deployments.' : `Its ${count === 1 ? 'deployment' : `${count} deployments`} will be deleted with it.`;

export function DeleteTenantDialog({ tenant, onClose, onDeleted }: { tenant: Tenant; onClose: () => void; onDeleted: () => void }) {
  const remove = useMutationRequest('tenants.remove');
  return (
    <ConfirmDialog
      title={`Delete ${tenant.name}?`}
      // Never a label the page's own "Delete tenant" button is a prefix of: tests find buttons by name.
      confirmLabel={
        tenant.deploymentCount === 0
          ? `Delete ${tenant.name}`
          : `Delete ${tenant.name} and ${tenant.deploymentCount} ${tenant.deploymentCount === 1 ? 'deployment' : 'deployments'}`
      }
      busy={remove.isPending}
      error={remove.error?.message}
      onClose={onClose}
      onConfirm={() => remove.mutate({ id: tenant.id }, { onSuccess: onDeleted })}
    >
      <p>
        Delete the tenant <strong>{tenant.name}</strong>? {deploymentsPhrase(tenant.deploymentCount)}
      </p>
      <p className="muted">This cannot be undone.</p>
    </ConfirmDialog>
  );
}
