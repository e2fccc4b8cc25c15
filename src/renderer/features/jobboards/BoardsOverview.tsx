import { Link } from 'wouter';
import type { JobboardsOverview } from '../../../shared/domain/jobboards.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { formatWait } from './jobboard-format.ts';
import { jobboardPaths } from './jobboard-paths.ts';

/** Every watched board at a glance: counts per state, the longest wait, its conductors, its trouble. */
export function BoardsOverview({ deploymentId, overview, waitingAlertSeconds }: { deploymentId: number; overview: JobboardsOverview; waitingAlertSeconds: number }) {
  const paths = jobboardPaths(deploymentId);
  if (overview.boards.length === 0) {
    return (
      <EmptyState title="No job boards found">
        No board is configured and none was found under the discovery root yet. TaskFlow creates a board&apos;s node when a conductor or
        producer first connects to it; list board paths in Edit deployment → ZooKeeper to watch them before that.
      </EmptyState>
    );
  }
  return (
    <table className="table jobboards-table" aria-label="Job boards" data-testid="boards-table">
      <thead>
        <tr>
          <th>Board</th>
          <th className="num">Unclaimed</th>
          <th className="num">Claimed</th>
          <th className="num">Oldest unclaimed</th>
          <th>Conductors</th>
          <th className="num">Trash</th>
        </tr>
      </thead>
      <tbody>
        {overview.boards.map((board) => {
          const late = board.oldestUnclaimedSeconds !== null && board.oldestUnclaimedSeconds > waitingAlertSeconds;
          return (
            <tr key={board.path} data-testid="board-row" data-path={board.path}>
              <td>
                <Link href={paths.board(board.path)} className="mono">
                  {board.path}
                </Link>
                {board.source === 'discovered' && <span className="muted small"> · discovered</span>}
                {board.error && (
                  <div className="outcome-line outcome-fail small" data-testid="board-error">
                    <span aria-hidden="true">✕ </span>
                    {board.error}
                  </div>
                )}
              </td>
              <td className="num" data-testid="count-unclaimed">
                {board.counts.UNCLAIMED}
              </td>
              <td className="num" data-testid="count-claimed">
                {board.counts.CLAIMED}
              </td>
              <td className={late ? 'num text-fail' : 'num'} title={late ? `Over the alert threshold of ${formatWait(waitingAlertSeconds)}` : undefined}>
                {late && <span aria-hidden="true">⚠ </span>}
                {formatWait(board.oldestUnclaimedSeconds)}
              </td>
              <td>
                {board.conductors.length === 0 ? (
                  <span className={board.counts.UNCLAIMED > 0 ? 'text-warn' : 'muted'}>{board.counts.UNCLAIMED > 0 ? '⚠ none registered' : 'none'}</span>
                ) : (
                  <span className="mono small" title={board.conductors.map((c) => c.name).join('\n')}>
                    {board.conductors.length} · {board.conductors.map((c) => c.name).join(', ')}
                  </span>
                )}
              </td>
              <td className="num">{board.trash}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
