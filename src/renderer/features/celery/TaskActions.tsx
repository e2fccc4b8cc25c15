import { useState } from 'react';
import type { CeleryTask } from '../../../shared/domain/celery.ts';
import { Button } from '../../components/Button.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ControlOutcomeView } from './CommandOutcomeView.tsx';
import { READ_ONLY_REASON } from './ControlPanel.tsx';
import { CONTROL_TIMEOUT } from './remote-commands.ts';
import { useCommand } from './use-command.ts';

const FINISHED = new Set(['SUCCESS', 'FAILURE', 'REVOKED', 'REJECTED']);

/**
 * Revoke goes to every worker (any of them may hold the task, reserved or scheduled) and
 * takes effect when a worker next looks at the task; only terminate stops one already running.
 */
export function TaskActions({ deploymentId, task, readOnly }: { deploymentId: number; task: CeleryTask; readOnly: boolean }) {
  const command = useCommand('control', deploymentId);
  const [confirming, setConfirming] = useState(false);
  const revoke = (terminate: boolean) =>
    command.run({ method: 'revoke', arguments: terminate ? { task_id: task.uuid, terminate: true } : { task_id: task.uuid }, timeout: CONTROL_TIMEOUT });
  const disabled = readOnly || command.running;
  const title = readOnly ? READ_ONLY_REASON : undefined;
  const where = task.worker ?? 'whichever worker runs it';
  return (
    <section className="task-actions" aria-label="Task actions">
      <div className="button-row">
        <Button disabled={disabled} title={title} onClick={() => void revoke(false)}>
          Revoke
        </Button>
        <Button variant="danger" disabled={disabled} title={title} onClick={() => setConfirming(true)}>
          Revoke and terminate…
        </Button>
        <span className="muted task-actions-note">
          {readOnly ? (
            <span data-testid="read-only-reason">{READ_ONLY_REASON}</span>
          ) : FINISHED.has(task.state) ? (
            'This task has finished: revoking it now only stops a re-delivery or retry from running.'
          ) : (
            'Revoke takes effect when a worker next looks at the task; a task already running keeps running unless terminated.'
          )}
        </span>
      </div>
      <ControlOutcomeView outcome={command.outcome} />
      {confirming && (
        <ConfirmDialog
          title={`Terminate task on ${where}?`}
          confirmLabel="Revoke and terminate"
          busy={command.running}
          onClose={() => setConfirming(false)}
          onConfirm={() => {
            void revoke(true).then(() => setConfirming(false));
          }}
        >
          <p>
            Revoke <strong className="mono">{task.name ?? task.uuid}</strong> and kill the pool process running it on{' '}
            <strong className="mono">{where}</strong> (SIGTERM).
          </p>
          <p className="muted">The process is killed mid-task: whatever it was doing is left half done.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
