import type { ConsumerState, TaskState, WorkerStatus } from '../../../shared/domain/celery.ts';

// Pills carry an icon and a word as well as a colour: status never depends on colour alone.

const TASK_ICONS: Record<TaskState, string> = {
  PENDING: '…',
  RECEIVED: '↓',
  STARTED: '▶',
  SUCCESS: '✓',
  FAILURE: '✕',
  RETRY: '↻',
  REVOKED: '⊘',
  REJECTED: '⚠',
};

export function TaskStatePill({ state }: { state: TaskState }) {
  return (
    <span className={`pill pill-task-${state.toLowerCase()}`} data-state={state}>
      <span className="pill-icon" aria-hidden="true">
        {TASK_ICONS[state]}
      </span>
      {state}
    </span>
  );
}

const CONSUMER: Record<ConsumerState, { icon: string; label: string }> = {
  consuming: { icon: '✓', label: 'Consuming' },
  connecting: { icon: '◌', label: 'Connecting' },
  reconnecting: { icon: '↻', label: 'Reconnecting' },
  failing: { icon: '✕', label: 'Failing' },
  off: { icon: '–', label: 'Off' },
};

export function ConsumerPill({ state }: { state: ConsumerState }) {
  const { icon, label } = CONSUMER[state];
  return (
    <span className={`pill pill-consumer-${state}`} data-testid="consumer-state" data-state={state}>
      <span className="pill-icon" aria-hidden="true">
        {icon}
      </span>
      {label}
    </span>
  );
}

export function WorkerStatusLabel({ status }: { status: WorkerStatus }) {
  return (
    <span className={`worker-status worker-status-${status}`} data-status={status}>
      <span className="worker-status-icon" aria-hidden="true">
        {status === 'online' ? '●' : '○'}
      </span>
      {status === 'online' ? 'Online' : 'Offline'}
    </span>
  );
}
