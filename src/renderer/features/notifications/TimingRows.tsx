import { Link } from 'wouter';
import type { Timing } from '../../../shared/domain/notifications.ts';
import { formatSeconds, shortUuid } from '../celery/celery-format.ts';
import { formatWhen } from './EventsTable.tsx';
import { notificationPaths } from './notification-paths.ts';

/** `.start`/`.end` pairs; an incomplete one says which end is missing. */
export function TimingTable({ deploymentId, timings, showInstance = true }: { deploymentId: number; timings: Timing[]; showInstance?: boolean }) {
  const paths = notificationPaths(deploymentId);
  return (
    <table className="table" aria-label="Timings" data-testid="timings-table">
      <thead>
        <tr>
          <th>Operation</th>
          {showInstance && <th>Instance</th>}
          <th>Start (UTC)</th>
          <th>End (UTC)</th>
          <th className="num">Duration</th>
          <th>Request</th>
        </tr>
      </thead>
      <tbody>
        {timings.map((t) => (
          <tr key={t.id}>
            <td className="mono">{t.name}</td>
            {showInstance && (
              <td className="mono">
                <Link href={paths.instance(t.instance)} title={t.instance}>
                  {shortUuid(t.instance)}
                </Link>
              </td>
            )}
            <td className="mono">{t.start ? formatWhen(t.start) : <span className="muted">no .start seen</span>}</td>
            <td className="mono">{t.end ? formatWhen(t.end) : <span className="muted">{t.start ? 'running or no .end yet' : '—'}</span>}</td>
            <td className="num">{t.durationSeconds === null ? '—' : formatSeconds(t.durationSeconds)}</td>
            <td className="mono">{t.requestId ?? <span className="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
