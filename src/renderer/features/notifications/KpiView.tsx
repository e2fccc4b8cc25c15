import { useState } from 'react';
import { Link } from 'wouter';
import { useRequest } from '../../api/use-request.ts';
import { Alert } from '../../components/Alert.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Field } from '../../components/Field.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { formatSeconds, shortUuid } from '../celery/celery-format.ts';
import { formatWhen } from './EventsTable.tsx';
import { notificationPaths } from './notification-paths.ts';

/** StackTach's KPI: requests of the last 24 hours from the API's first update to the final .end, slowest first. */
export function KpiView({ deploymentId }: { deploymentId: number }) {
  const [tenant, setTenant] = useState('');
  const [applied, setApplied] = useState<string | undefined>(undefined);
  const kpi = useRequest('notifications.kpi', { deploymentId, ...(applied ? { tenant: applied } : {}) });
  const paths = notificationPaths(deploymentId);
  return (
    <div className="kpi-view" data-testid="kpi-view">
      <form
        className="filter-bar"
        role="search"
        aria-label="Filter requests"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(tenant.trim() || undefined);
        }}
      >
        <Field label="Tenant" value={tenant} placeholder="all tenants" onChange={setTenant} />
        <div className="filter-actions">
          <button type="submit" className="btn btn-primary">
            Show
          </button>
        </div>
      </form>
      {kpi.error && <Alert title="Could not load the KPIs">{kpi.error.message}</Alert>}
      {!kpi.data && !kpi.error && <Spinner label="Loading request KPIs…" />}
      {kpi.data?.length === 0 && (
        <EmptyState title="No completed request in the last 24 hours">
          A request counts from the API&apos;s first compute.instance.update to its final .end notification.
        </EmptyState>
      )}
      {kpi.data && kpi.data.length > 0 && (
        <table className="table" aria-label="Slowest requests" data-testid="kpi-table">
          <thead>
            <tr>
              <th className="num">Duration</th>
              <th>Request</th>
              <th>Operation</th>
              <th>Tenant</th>
              <th>Instance</th>
              <th>Start (UTC)</th>
            </tr>
          </thead>
          <tbody>
            {kpi.data.map((k) => (
              <tr key={k.requestId}>
                <td className="num">
                  <strong>{formatSeconds(k.durationSeconds)}</strong>
                </td>
                <td className="mono">
                  <Link href={paths.events(`request_id=${encodeURIComponent(k.requestId)}`)}>{k.requestId}</Link>
                </td>
                <td className="mono">{k.operation}</td>
                <td className="mono cell-clip" title={k.tenant ?? undefined}>
                  {k.tenant ?? '—'}
                </td>
                <td className="mono">{k.instance ? <Link href={paths.instance(k.instance)}>{shortUuid(k.instance)}</Link> : '—'}</td>
                <td className="mono">{formatWhen(k.start)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
