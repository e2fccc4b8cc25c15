import { useState } from 'react';
import { useMutationRequest } from '../../api/use-mutation-request.ts';
import { useRequest } from '../../api/use-request.ts';
import { Button } from '../../components/Button.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { Alert } from '../../components/Alert.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { formatTimestamp } from '../../components/format-age.ts';
import { jobboardPaths } from './jobboard-paths.ts';
import { TRANSITION_LABEL } from './jobboard-format.ts';
import { JobStatePill } from './Pills.tsx';
import { BackLink } from '../celery/BackLink.tsx';

/** One job: what TaskFlow posted (details as JSON), who holds it, and everything that happened to it. */
/** Trash, or release an abandoned claim: only where the deployment allows it, always after a confirmation. */
function JobActions({ deploymentId, path, node, claimed, owner }: { deploymentId: number; path: string; node: string; claimed: boolean; owner: string | null }) {
  const act = useMutationRequest('jobboards.action');
  const [asking, setAsking] = useState<'trash' | 'release' | null>(null);
  const close = () => {
    setAsking(null);
    act.reset();
  };
  return (
    <div className="page-actions jobboard-actions">
      {claimed && (
        <Button onClick={() => setAsking('release')} data-testid="release-job">
          Release claim…
        </Button>
      )}
      <Button variant="danger" onClick={() => setAsking('trash')} data-testid="trash-job">
        Trash job…
      </Button>
      {act.data && !asking && (
        <span className="outcome-line" data-testid="action-outcome">
          ✓ {act.data.message}
        </span>
      )}
      {asking && (
        <ConfirmDialog
          title={asking === 'trash' ? `Trash ${node}?` : `Release the claim on ${node}?`}
          confirmLabel={asking === 'trash' ? 'Trash job' : 'Release claim'}
          busy={act.isPending}
          error={act.error?.message}
          onClose={close}
          onConfirm={() => act.mutate({ deploymentId, path, node, action: asking }, { onSuccess: () => setAsking(null) })}
        >
          {asking === 'trash' ? (
            <p>The job moves to the board&apos;s .trash, as TaskFlow&apos;s own trash does: no conductor will ever run it. Tach refuses if a registered conductor holds it.</p>
          ) : (
            <p>
              Deletes the lock of <span className="mono">{owner ?? 'nobody'}</span> so another conductor can claim the job. Only for a claim whose conductor is gone: Tach refuses if{' '}
              <span className="mono">{owner ?? 'it'}</span> is still registered.
            </p>
          )}
        </ConfirmDialog>
      )}
    </div>
  );
}

export function JobPage({ deploymentId, path, node, allowActions = false }: { deploymentId: number; path: string; node: string; allowActions?: boolean }) {
  const detail = useRequest('jobboards.job', { deploymentId, path, node });
  const back = <BackLink href={jobboardPaths(deploymentId).board(path)} label={path} />;
  if (detail.error)
    return (
      <div>
        {back}
        <Alert title="Could not load the job">{detail.error.message}</Alert>
      </div>
    );
  if (!detail.data) return <Spinner label="Loading the job…" />;
  const { job, history, postedAt, endedAt } = detail.data;
  return (
    <div className="jobboard-job" data-testid="job-page">
      {back}
      <h2 className="jobboard-job-title">
        <JobStatePill state={job.state} /> <span className="mono">{job.name ?? job.node}</span>
      </h2>
      {allowActions && detail.data.onBoard && <JobActions deploymentId={deploymentId} path={path} node={node} claimed={job.state === 'CLAIMED'} owner={job.owner} />}
      {job.error && <Alert title="This node is not a readable TaskFlow job">{job.error}</Alert>}
      <dl className="jobboard-facts">
        <dt>Node</dt>
        <dd className="mono">
          {path}/{job.node}
        </dd>
        <dt>UUID</dt>
        <dd className="mono">{job.uuid ?? '—'}</dd>
        <dt>Priority</dt>
        <dd>{job.priority ?? '—'}</dd>
        <dt>Owner</dt>
        <dd className="mono">{job.owner ?? '—'}</dd>
        <dt>Book</dt>
        <dd className="mono">{job.book ? `${job.book.name ?? '?'} (${job.book.uuid ?? '?'})` : '—'}</dd>
        <dt>Posted</dt>
        <dd>{formatTimestamp(postedAt)}</dd>
        <dt>Left the board</dt>
        <dd>{endedAt ? formatTimestamp(endedAt) : 'still on the board'}</dd>
      </dl>
      <h3>Details</h3>
      <pre className="json-block" data-testid="job-details">
        {JSON.stringify(job.details, null, 2)}
      </pre>
      <h3>History</h3>
      <ol className="job-history" data-testid="job-history">
        {history.map((transition, index) => (
          <li key={index} data-kind={transition.kind}>
            <span className="mono">{formatTimestamp(transition.at)}</span> <strong>{TRANSITION_LABEL[transition.kind]}</strong>
            {transition.owner && (
              <>
                {' '}
                {transition.kind === 'claimed' ? 'by' : 'held by'} <span className="mono">{transition.owner}</span>
              </>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
