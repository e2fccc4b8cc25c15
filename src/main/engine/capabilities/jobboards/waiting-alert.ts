import type { AlertSignal } from '../../kernel/alerts/alert-signal.ts';
import type { BoardFigures } from './board-figures.ts';

const duration = (ms: number): string => {
  const s = Math.floor(ms / 1000);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.floor(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
};

/** 'jobboard.waiting': the truth, firing or not, of "jobs wait longer than the threshold for a claim". */
export function waitingSignal(deploymentId: number, board: string, figures: BoardFigures, thresholdSeconds: number): AlertSignal {
  const firing = figures.waitingOver > 0;
  return {
    deploymentId,
    rule: 'jobboard.waiting',
    subject: board,
    firing,
    severity: 'warning',
    message: firing
      ? `${figures.waitingOver} job${figures.waitingOver === 1 ? '' : 's'} on ${board} waited over ${duration(thresholdSeconds * 1000)} for a claim; the oldest (${figures.oldestUnclaimedName ?? '?'}) for ${duration(figures.oldestUnclaimedMs ?? 0)}. Are its conductors running?`
      : `No job on ${board} has waited over ${duration(thresholdSeconds * 1000)} for a claim.`,
    value: figures.oldestUnclaimedMs === null ? 0 : Math.floor(figures.oldestUnclaimedMs / 1000),
  };
}
