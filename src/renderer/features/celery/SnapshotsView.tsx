import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import type { CeleryExportInput } from '../../../shared/contract/schemas.ts';
import type { CelerySnapshot } from '../../../shared/domain/celery.ts';
import type { Deployment } from '../../../shared/domain/types.ts';
import { useApi } from '../../api/api-context.tsx';
import { useMutationRequest } from '../../api/use-mutation-request.ts';
import { useRequest } from '../../api/use-request.ts';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { formatTimestamp } from './celery-format.ts';
import { fromLocalInput, rangeCsvUrl, snapshotCsvUrl, toLocalInput } from './snapshot-export.ts';

/** What the engine returns at most in one request; the table shows the newest of them. */
const FETCH_LIMIT = 10_000;
const SHOWN = 500;
const DAY_MS = 24 * 60 * 60 * 1000;

const numberFormat = new Intl.NumberFormat('en-US');

function StateCounts({ counts }: { counts: Record<string, number> }) {
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  if (entries.length === 0) return <span className="muted">none</span>;
  return (
    <span className="snapshot-states">
      {entries.map(([state, n]) => (
        <span key={state} className={`snapshot-state pill pill-task-${state.toLowerCase()}`} title={`${n} ${state}`}>
          {state} {numberFormat.format(n)}
        </span>
      ))}
    </span>
  );
}

function SnapshotRow({ snapshot, csv }: { snapshot: CelerySnapshot; csv: ReactNode }) {
  const online = snapshot.workers.filter((w) => w.status === 'online').length;
  const offline = snapshot.workers.length - online;
  return (
    <tr data-testid="snapshot-row">
      <td className="mono">{formatTimestamp(snapshot.takenAt)}</td>
      <td className="num">
        <span className="outcome-ok">{online}</span>
        <span className="muted"> / </span>
        <span className={offline > 0 ? 'outcome-fail' : 'muted'}>{offline}</span>
      </td>
      <td>
        <StateCounts counts={snapshot.tasksByState} />
      </td>
      <td className="num" title={Object.entries(snapshot.events.byType).map(([type, n]) => `${type}: ${n}`).join('\n')}>
        {numberFormat.format(snapshot.events.total)}
      </td>
      <td>{csv}</td>
    </tr>
  );
}

/** Desktop export: the engine asks where to save and writes the file, reporting rows as it goes. */
function useDesktopExport() {
  const api = useApi();
  const exporter = useMutationRequest('celery.exportSnapshots', { invalidate: false });
  const [progress, setProgress] = useState<{ path: string; rows: number } | null>(null);
  const pending = exporter.isPending;
  useEffect(() => {
    if (!pending) return;
    return api.on('export.progress', ({ path, rows, done }) => setProgress(done ? null : { path, rows }));
  }, [api, pending]);
  return {
    start: (input: CeleryExportInput) => {
      setProgress(null);
      exporter.mutate(input);
    },
    pending,
    progress: pending ? progress : null,
    result: exporter.data,
    error: exporter.error,
  };
}

/** The camera's snapshots of a deployment in a time range, and their CSV export. */
export function SnapshotsView({ deployment }: { deployment: Deployment }) {
  const deploymentId = deployment.id;
  const frequency = deployment.settings.celery.camera.frequency;
  const info = useRequest('app.info', undefined);
  const desktop = info.data?.capabilities.nativeFileDialogs === true;
  const [range, setRange] = useState(() => {
    const now = Date.now();
    return { since: toLocalInput(now - DAY_MS), until: toLocalInput(now) };
  });
  const since = fromLocalInput(range.since);
  // The picker is to the minute: the whole of the last minute is in the range.
  const untilMs = range.until ? new Date(range.until).getTime() + 59_999 : NaN;
  const until = Number.isNaN(untilMs) ? undefined : new Date(untilMs).toISOString();
  const snapshots = useRequest('celery.snapshots', { deploymentId, since, until, limit: FETCH_LIMIT });
  const exporter = useDesktopExport();
  const newestFirst = snapshots.data ? [...snapshots.data].reverse() : undefined;

  const csvFor = (snapshot: CelerySnapshot) =>
    desktop ? (
      <Button className="btn-small" disabled={exporter.pending} onClick={() => exporter.start({ snapshotId: snapshot.id })} data-testid="snapshot-csv">
        CSV
      </Button>
    ) : (
      <a className="btn btn-small" href={snapshotCsvUrl(snapshot.id)} download data-testid="snapshot-csv">
        CSV
      </a>
    );

  return (
    <div className="snapshots-view" data-testid="snapshots-view">
      <p className="muted" data-testid="camera-note">
        The camera takes a snapshot every {frequency} s while events arrive; idle periods are skipped.
      </p>
      <div className="snapshots-toolbar">
        <label className="snapshots-field">
          <span>From</span>
          <input type="datetime-local" value={range.since} max={range.until || undefined} onChange={(e) => setRange({ ...range, since: e.target.value })} data-testid="snapshots-since" />
        </label>
        <label className="snapshots-field">
          <span>To</span>
          <input type="datetime-local" value={range.until} min={range.since || undefined} onChange={(e) => setRange({ ...range, until: e.target.value })} data-testid="snapshots-until" />
        </label>
        <Button
          onClick={() => {
            const now = Date.now();
            setRange({ since: toLocalInput(now - DAY_MS), until: toLocalInput(now) });
          }}
        >
          Last 24 h
        </Button>
        <span className="toolbar-spacer" />
        {desktop ? (
          <Button variant="primary" busy={exporter.pending} onClick={() => exporter.start({ deploymentId, since, until })} data-testid="export-range">
            Export range as CSV
          </Button>
        ) : (
          <a className="btn btn-primary" href={rangeCsvUrl(deploymentId, since, until)} download data-testid="export-range">
            Export range as CSV
          </a>
        )}
      </div>
      {exporter.pending && (
        <p className="export-status" role="status" data-testid="export-progress">
          {exporter.progress ? `Writing ${exporter.progress.path}: ${numberFormat.format(exporter.progress.rows)} rows so far…` : 'Choose where to save the CSV…'}
        </p>
      )}
      {!exporter.pending && exporter.result && (
        <p className="export-status" role="status" data-testid="export-result">
          {exporter.result.path === null
            ? 'Export cancelled: nothing was saved.'
            : `Saved ${numberFormat.format(exporter.result.rows)} ${exporter.result.rows === 1 ? 'row' : 'rows'} to ${exporter.result.path}`}
        </p>
      )}
      {!exporter.pending && exporter.error && <Alert title="The export failed">{exporter.error.message}</Alert>}

      {snapshots.error ? (
        <div className="celery-view-error">
          <Alert title="Could not load the snapshots">{snapshots.error.message}</Alert>
          <Button onClick={() => void snapshots.refetch()}>Retry</Button>
        </div>
      ) : !newestFirst ? (
        <Spinner label="Loading snapshots…" />
      ) : newestFirst.length === 0 ? (
        <EmptyState title="No snapshots in this range">
          The camera keeps snapshots for {deployment.settings.celery.camera.maxAgeHours} hours. Widen the range, or wait for the workers to send events.
        </EmptyState>
      ) : (
        <>
          <p className="muted">
            {newestFirst.length >= FETCH_LIMIT
              ? `More than ${numberFormat.format(FETCH_LIMIT)} snapshots in this range: the oldest ${numberFormat.format(FETCH_LIMIT)} were loaded. Narrow the range to see later ones; the export has them all.`
              : `${numberFormat.format(newestFirst.length)} ${newestFirst.length === 1 ? 'snapshot' : 'snapshots'} in this range${newestFirst.length > SHOWN ? `, the newest ${SHOWN} shown (the export has them all)` : ''}.`}
          </p>
          <table className="table snapshots-table" aria-label="Snapshots">
            <thead>
              <tr>
                <th className="col-time">Time</th>
                <th className="num" title="Online / offline">
                  Workers
                </th>
                <th>Tasks by state</th>
                <th className="num" title="Events received since the previous snapshot">
                  Events
                </th>
                <th className="col-csv" aria-label="Download" />
              </tr>
            </thead>
            <tbody>
              {newestFirst.slice(0, SHOWN).map((snapshot) => (
                <SnapshotRow key={snapshot.id} snapshot={snapshot} csv={csvFor(snapshot)} />
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
