import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { useLocation } from 'wouter';
import type { JobboardJob } from '../../../shared/domain/jobboards.ts';
import { formatClock } from '../celery/celery-format.ts';
import { useFillViewport } from '../celery/use-fill-viewport.ts';
import { jobboardPaths } from './jobboard-paths.ts';
import { JobStatePill } from './Pills.tsx';

const ROW_HEIGHT = 30;

function JobRow({ job, deploymentId, top }: { job: JobboardJob; deploymentId: number; top: number }) {
  const [, navigate] = useLocation();
  return (
    <div
      role="row"
      className="tasks-row tasks-body-row jobs-row"
      style={{ transform: `translateY(${top}px)` }}
      data-testid="job-row"
      data-node={job.node}
      data-state={job.state}
      onClick={() => navigate(jobboardPaths(deploymentId).job(job.board, job.node))}
    >
      <span role="cell">
        <JobStatePill state={job.state} />
      </span>
      <span role="cell" className="cell-ellipsis mono" title={job.error ?? job.name ?? undefined}>
        {job.error ? <span className="text-fail">✕ {job.error}</span> : (job.name ?? <span className="muted">—</span>)}
      </span>
      <span role="cell" className="mono">
        {job.node}
      </span>
      <span role="cell" className="mono small">
        {job.priority ?? '—'}
      </span>
      <span role="cell" className="cell-ellipsis mono" title={job.owner ?? undefined}>
        {job.owner ?? <span className="muted">—</span>}
      </span>
      <span role="cell" className="mono cell-time">
        {formatClock(job.createdOn)}
      </span>
      <span role="cell" className="mono cell-time">
        {formatClock(job.claimedAt)}
      </span>
      <span role="cell" className="cell-ellipsis mono muted" title={job.uuid ?? undefined}>
        {job.uuid ?? '—'}
      </span>
    </div>
  );
}

/** A board's jobs, virtualised: only the rows in view are in the DOM. */
export function JobsTable({ deploymentId, jobs }: { deploymentId: number; jobs: JobboardJob[] }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  useFillViewport(scrollRef);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read in this render only, never memoized.
  const virtualizer = useVirtualizer({ count: jobs.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  return (
    <div className="tasks-table jobs-table" role="table" aria-label="Jobs" aria-rowcount={jobs.length} data-testid="jobs-table" data-rows={jobs.length}>
      <div role="rowgroup" className="tasks-head">
        <div role="row" className="tasks-row jobs-row">
          <span role="columnheader">State</span>
          <span role="columnheader">Name</span>
          <span role="columnheader">Node</span>
          <span role="columnheader">Priority</span>
          <span role="columnheader">Owner</span>
          <span role="columnheader">Posted</span>
          <span role="columnheader">Claimed</span>
          <span role="columnheader">UUID</span>
        </div>
      </div>
      <div ref={scrollRef} className="tasks-scroll" role="rowgroup">
        <div className="tasks-spacer" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const job = jobs[item.index];
            return job ? <JobRow key={job.node} job={job} deploymentId={deploymentId} top={item.start} /> : null;
          })}
        </div>
      </div>
    </div>
  );
}
