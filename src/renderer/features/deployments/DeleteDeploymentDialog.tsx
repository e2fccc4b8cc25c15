import type { Deployment } from '../../../shared/domain/types.ts';
import { useMutationRequest } from '../../api/use-mutation-request.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';

export function DeleteDeploymentDialog({ deployment, onClose, onDeleted }: { deployment: Deployment; onClose: () => void; onDeleted: () => void }) {
  const remove = useMutationRequest('deployments.remove');
  return (
    <ConfirmDialog
      title={`Delete ${deployment.name}?`}
      confirmLabel={`Delete ${deployment.name}`}
      busy={remove.isPending}
      error={remove.error?.message}
      onClose={onClose}
      onConfirm={() => remove.mutate({ id: deployment.id }, { onSuccess: onDeleted })}
    >
      <p>
        Delete the deployment <strong>{deployment.name}</strong> and its stored connection settings and passwords?
      </p>
      <p className="muted">The broker and ZooKeeper themselves are not touched. This cannot be undone.</p>
    </ConfirmDialog>
  );
}
