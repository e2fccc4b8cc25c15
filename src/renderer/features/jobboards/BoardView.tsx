import { lazy, Suspense, useState } from 'react';
import type { JobState } from '../../../shared/domain/jobboards.ts';
import { useRequest } from '../../api/use-request.ts';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { BackLink } from '../celery/BackLink.tsx';
import { formatTimestamp } from '../../components/format-age.ts';
import { fromLocalInput, toLocalInput, TRANSITION_LABEL } from './jobboard-format.ts';
import { jobboardPaths } from './jobboard-paths.ts';
import { JobsTable } from './JobsTable.tsx';

// The charting library is most of the console's script: load it only when a board is opened.
const CountsChart = lazy(() => import('./CountsChart.tsx').then((module) => ({ default: module.CountsChart })));

/** A board: its jobs live (or as they were at a time picked), filtered, with its counts over time and recent transitions. */
export function BoardView({ deploymentId, path }: { deploymentId: number; path: string }) {
  const [state, setState] = useState<Exclude<JobState, 'COMPLETE'> | ''>('');
  const [owner, setOwner] = useState('');
  const [name, setName] = useState('');
  const [at, setAt] = useState<string | undefined>(undefined);
  const query = {
    deploymentId,
    path,
    ...(state ? { state } : {}),
    ...(owner.trim() ? { owner: owner.trim() } : {}),
    ...(name.trim() ? { name: name.trim() } : {}),
    ...(at ? { at } : {}),
  };
  const jobs = useRequest('jobboards.jobs', query);
  const history = useRequest('jobboards.history', { deploymentId, path, limit: 10_000 });
  const recent = (history.data ?? []).slice(-12).reverse();

  return (
    <div className="jobboard-board" data-testid="board-view" data-path={path}>
      <BackLink href={jobboardPaths(deploymentId).overview} label="Job boards" />
      <h2 className="mono jobboard-board-title">{path}</h2>
      <div className="filter-bar jobboard-filters">
        <label>
          State{' '}
          <select value={state} onChange={(event) => setState(event.target.value as typeof state)} data-testid="filter-state">
            <option value="">Any</option>
            <option value="UNCLAIMED">Unclaimed</option>
            <option value="CLAIMED">Claimed</option>
          </select>
        </label>
        <label>
          Owner <input type="search" value={owner} onChange={(event) => setOwner(event.target.value)} placeholder="conductor@host" />
        </label>
        <label>
          Name <input type="search" value={name} onChange={(event) => setName(event.target.value)} placeholder="part of a job name" />
        </label>
        <label title="The board as it was at this moment, rebuilt from the history Tach recorded">
          Board at{' '}
          <input
            type="datetime-local"
            step="1"
            data-testid="board-at"
            value={at ? toLocalInput(at) : ''}
            onChange={(event) => setAt(event.target.value ? fromLocalInput(event.target.value) : undefined)}
          />
        </label>
        {at ? (
          <Button onClick={() => setAt(undefined)}>Back to live</Button>
        ) : (
          <span className="pill pill-consumer-consuming" data-testid="live-badge">
            <span className="pill-icon" aria-hidden="true">
              ●
            </span>
            Live
          </span>
        )}
      </div>
      {at && (
        <p className="read-only-note" data-testid="time-travel-note">
          The board at {formatTimestamp(at)}, rebuilt from the recorded history (jobs posted before Tach first watched the board show from then).
        </p>
      )}
      {jobs.error ? (
        <Alert title="Could not load the jobs">{jobs.error.message}</Alert>
      ) : jobs.data ? (
        jobs.data.length === 0 ? (
          <p className="muted" data-testid="no-jobs">
            {Object.keys(query).length > 2 ? 'No job matches.' : 'The board is empty: no job waits and none is claimed.'}
          </p>
        ) : (
          <JobsTable deploymentId={deploymentId} jobs={jobs.data} />
        )
      ) : (
        <Spinner label="Loading the jobs…" />
      )}
      <div className="jobboard-lower">
        <section>
          <h3>Jobs per state, last hour</h3>
          <Suspense fallback={<Spinner label="Loading the chart…" />}>
            <CountsChart deploymentId={deploymentId} path={path} />
          </Suspense>
        </section>
        <section>
          <h3>Recent transitions</h3>
          {recent.length === 0 ? (
            <p className="muted">Nothing happened in the last day.</p>
          ) : (
            <ol className="job-history" data-testid="board-history">
              {recent.map((transition, index) => (
                <li key={index}>
                  <span className="mono">{formatTimestamp(transition.at)}</span> <strong>{TRANSITION_LABEL[transition.kind]}</strong>{' '}
                  <span className="mono">{transition.name ?? transition.node}</span>
                  {transition.owner && <span className="muted mono"> · {transition.owner}</span>}
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
    </div>
  );
}
