import { useMemo } from 'react';
import { useLocation, useSearch } from 'wouter';
import type { BrokerHealth } from '../../../shared/domain/broker.ts';
import { useRequest } from '../../api/use-request.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { brokerPaths } from './broker-paths.ts';
import { parseQueueList, queueList, queueListSearch, type QueueSortKey } from './queue-list.ts';
import { QueuesTable } from './QueuesTable.tsx';

const plural = (count: number) => `${count.toLocaleString('en-US')} queue${count === 1 ? '' : 's'}`;

const TEXT_COLUMNS: QueueSortKey[] = ['name', 'vhost'];

/** Filters (vhost, name) and the sort live in the URL, so a view can be shared and survives a reload. */
export function QueuesView({ deploymentId, health }: { deploymentId: number; health: BrokerHealth }) {
  const search = useSearch();
  const [, navigate] = useLocation();
  const options = parseQueueList(search);
  const alerts = useRequest('alerts.open', undefined);
  const alertingSubjects = useMemo(
    () => new Set((alerts.data ?? []).filter((a) => a.deploymentId === deploymentId).map((a) => a.subject)),
    [alerts.data, deploymentId],
  );
  const vhosts = useMemo(() => [...new Set(health.queues.map((q) => q.vhost))].sort(), [health.queues]);
  const rows = useMemo(() => queueList(health.queues, options), [health.queues, options]);
  const go = (next: typeof options) => {
    const query = queueListSearch(next);
    navigate(`${brokerPaths(deploymentId).queues}?${query}`, { replace: true });
  };
  const onSort = (key: QueueSortKey) =>
    go({ ...options, sort: key, descending: options.sort === key ? !options.descending : !TEXT_COLUMNS.includes(key) });

  if (health.queues.length === 0) {
    return (
      <EmptyState title={health.state === 'ok' ? 'No queues' : 'No queue figures yet'}>
        {health.state === 'ok' ? 'The broker answered with no queues in the vhosts this user can see.' : health.detail}
      </EmptyState>
    );
  }
  return (
    <div className="tasks-view">
      <div className="filter-bar" role="search">
        <label className="filter-field">
          <span>Vhost</span>
          <select value={options.vhost} onChange={(event) => go({ ...options, vhost: event.target.value })} data-testid="vhost-filter">
            <option value="">All vhosts</option>
            {vhosts.map((vhost) => (
              <option key={vhost} value={vhost}>
                {vhost}
              </option>
            ))}
          </select>
        </label>
        <label className="filter-field">
          <span>Name contains</span>
          <input
            type="search"
            value={options.search}
            onChange={(event) => go({ ...options, search: event.target.value })}
            placeholder="notifications"
            spellCheck={false}
            data-testid="queue-search"
          />
        </label>
        <span className="muted filter-count">
          {rows.length === health.queues.length ? plural(rows.length) : `${rows.length} of ${plural(health.queues.length)}`}
        </span>
      </div>
      <QueuesTable deploymentId={deploymentId} queues={rows} options={options} onSort={onSort} alertingSubjects={alertingSubjects} />
    </div>
  );
}
