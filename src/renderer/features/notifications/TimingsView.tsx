import { useState } from 'react';
import { useRequest } from '../../api/use-request.ts';
import { Alert } from '../../components/Alert.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { formatCount, formatSeconds } from '../celery/celery-format.ts';
import { TimingTable } from './TimingRows.tsx';

const RANGES = [
  { id: 'hour', label: 'Last hour', ms: 3_600_000 },
  { id: 'day', label: 'Last 24 hours', ms: 86_400_000 },
  { id: 'week', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { id: 'all', label: 'All', ms: null },
] as const;

type RangeId = (typeof RANGES)[number]['id'];

function pick(range: RangeId): { range: RangeId; since: string | undefined } {
  const ms = RANGES.find((r) => r.id === range)?.ms ?? null;
  return { range, since: ms === null ? undefined : new Date(Math.floor((Date.now() - ms) / 60_000) * 60_000).toISOString() };
}

/** stacky summary and timings: per operation count, min, max, average and percentiles; then the latest pairs. */
export function TimingsView({ deploymentId }: { deploymentId: number }) {
  // The range's start is fixed when it is picked, so the query key does not change on every render.
  const [{ range, since }, setPicked] = useState(() => pick('day'));
  const [name, setName] = useState<string | undefined>(undefined);
  const setRange = (id: RangeId) => setPicked(pick(id));
  const summary = useRequest('notifications.timingSummary', { deploymentId, ...(since ? { since } : {}) });
  const timings = useRequest('notifications.timings', { deploymentId, limit: 200, ...(since ? { since } : {}), ...(name ? { name } : {}) });
  if (summary.error) return <Alert title="Could not load the timings">{summary.error.message}</Alert>;
  if (!summary.data) return <Spinner label="Loading timings…" />;
  return (
    <div className="timings-view" data-testid="timings-view">
      <div className="range-picker" role="group" aria-label="Time range">
        {RANGES.map((r) => (
          <button key={r.id} type="button" className={r.id === range ? 'btn btn-default subnav-active' : 'btn btn-ghost'} aria-pressed={r.id === range} onClick={() => setRange(r.id)}>
            {r.label}
          </button>
        ))}
      </div>
      {summary.data.length === 0 ? (
        <EmptyState title="No complete timing in this range">A timing is a .start and its .end for the same instance and operation.</EmptyState>
      ) : (
        <table className="table" aria-label="Timing summary" data-testid="timing-summary">
          <thead>
            <tr>
              <th>Operation</th>
              <th className="num">Count</th>
              <th className="num">Min</th>
              <th className="num">Average</th>
              <th className="num">p50</th>
              <th className="num">p95</th>
              <th className="num">p99</th>
              <th className="num">Max</th>
            </tr>
          </thead>
          <tbody>
            {summary.data.map((s) => (
              <tr key={s.name} className={s.name === name ? 'row-link row-selected' : 'row-link'} onClick={() => setName(s.name === name ? undefined : s.name)}>
                <td className="mono">{s.name}</td>
                <td className="num">{formatCount(s.count)}</td>
                <td className="num">{formatSeconds(s.min)}</td>
                <td className="num">{formatSeconds(s.avg)}</td>
                <td className="num">{formatSeconds(s.p50)}</td>
                <td className="num">{formatSeconds(s.p95)}</td>
                <td className="num">{formatSeconds(s.p99)}</td>
                <td className="num">{formatSeconds(s.max)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{name ? `Latest ${name} timings` : 'Latest timings'}</h3>
      {timings.data && timings.data.length > 0 ? <TimingTable deploymentId={deploymentId} timings={timings.data} /> : <p className="muted">None in this range.</p>}
    </div>
  );
}
