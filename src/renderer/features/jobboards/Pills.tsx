import type { JobState, ZookeeperSessionStatus } from '../../../shared/domain/jobboards.ts';
import { JOB_STATE, SESSION } from './jobboard-format.ts';

export function JobStatePill({ state }: { state: JobState }) {
  const look = JOB_STATE[state];
  return (
    <span className={`pill ${look.className}`} data-state={state}>
      <span className="pill-icon" aria-hidden="true">
        {look.icon}
      </span>
      {state}
    </span>
  );
}

export function SessionPill({ status }: { status: ZookeeperSessionStatus }) {
  const look = SESSION[status];
  return (
    <span className={`pill ${look.className}`} data-testid="zk-session" data-state={status}>
      <span className="pill-icon" aria-hidden="true">
        {look.icon}
      </span>
      {look.label}
    </span>
  );
}
