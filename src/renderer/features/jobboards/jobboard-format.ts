import type { JobState, JobTransitionKind, ZookeeperSessionStatus } from '../../../shared/domain/jobboards.ts';

/** "45s", "12m 03s", "3h 10m", "2d": how long a job has waited. */
export function formatWait(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours}h ${minutes % 60}m` : `${Math.floor(hours / 24)}d`;
}

// Pills carry an icon and a word as well as a colour: status never depends on colour alone.
export const JOB_STATE: Record<JobState, { icon: string; className: string }> = {
  UNCLAIMED: { icon: '…', className: 'pill-task-received' },
  CLAIMED: { icon: '▶', className: 'pill-task-started' },
  COMPLETE: { icon: '✓', className: 'pill-task-success' },
};

export const TRANSITION_LABEL: Record<JobTransitionKind, string> = {
  posted: 'Posted',
  claimed: 'Claimed',
  released: 'Released',
  completed: 'Completed',
  trashed: 'Trashed',
};

export const SESSION: Record<ZookeeperSessionStatus, { icon: string; label: string; className: string }> = {
  connected: { icon: '✓', label: 'Connected', className: 'pill-consumer-consuming' },
  connecting: { icon: '◌', label: 'Connecting', className: 'pill-consumer-connecting' },
  reconnecting: { icon: '↻', label: 'Reconnecting', className: 'pill-consumer-reconnecting' },
  failing: { icon: '✕', label: 'Failing', className: 'pill-consumer-failing' },
  stopped: { icon: '■', label: 'Off', className: 'pill-session-stopped' },
};

/** A datetime-local input's value (local time, minutes) from an ISO time, and back. */
export function toLocalInput(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

export function fromLocalInput(value: string): string | undefined {
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
