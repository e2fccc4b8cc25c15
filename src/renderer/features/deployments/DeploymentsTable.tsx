import { Link } from 'wouter';
import { useRequest } from '../../api/use-request.ts';
import { brokerPaths } from '../broker-health/broker-paths.ts';
import type { ConnectionKind, Deployment } from '../../../shared/domain/types.ts';
import { StatusDot } from '../../components/StatusDot.tsx';
import { CheckStatus } from '../connections/CheckStatus.tsx';
import { configuredKinds, overallStatus, statusLabel } from '../connections/connection-kinds.ts';
import { hostOf } from '../connections/connection-url.ts';

function ConnectionCell({ kind, target, deployment }: { kind: ConnectionKind; target: string | null | undefined; deployment: Deployment }) {
  if (!target) return <td className="muted">—</td>;
  return (
    <td>
      <div className="cell-connection">
        <span className="mono cell-host" title={target}>
          {target}
        </span>
        <CheckStatus kind={kind} check={deployment.checks[kind]} show="age" />
      </div>
    </td>
  );
}

/** Open alerts of a deployment, marked where the operator picks a deployment. */
function AlertMark({ deploymentId, count, critical }: { deploymentId: number; count: number; critical: boolean }) {
  if (count === 0) return null;
  return (
    <Link
      href={brokerPaths(deploymentId).alerts}
      className={critical ? 'alert-mark alert-mark-critical' : 'alert-mark'}
      data-testid={`alert-mark-${deploymentId}`}
      title={`${count} open alert${count === 1 ? '' : 's'}`}
    >
      <span aria-hidden="true">⚠</span>
      <span>
        {count} alert{count === 1 ? '' : 's'}
      </span>
    </Link>
  );
}

export function DeploymentsTable({ deployments }: { deployments: Deployment[] }) {
  const open = useRequest('alerts.open', undefined);
  const alertsOf = (id: number) => (open.data ?? []).filter((a) => a.deploymentId === id);
  return (
    <table className="table deployments-table">
      <colgroup>
        <col className="col-name" />
        <col span={3} className="col-connection" />
      </colgroup>
      <thead>
        <tr>
          <th>Name</th>
          <th>Broker</th>
          <th>Management</th>
          <th>ZooKeeper</th>
        </tr>
      </thead>
      <tbody>
        {deployments.map((deployment) => {
          const status = overallStatus(deployment);
          return (
            <tr key={deployment.id} data-testid={`deployment-row-${deployment.id}`}>
              <td>
                <span className="cell-name">
                  <StatusDot status={status} label={statusLabel(status, configuredKinds(deployment).length > 0)} />
                  <Link href={`/deployments/${deployment.id}`}>{deployment.name}</Link>
                  <AlertMark deploymentId={deployment.id} count={alertsOf(deployment.id).length} critical={alertsOf(deployment.id).some((a) => a.severity === 'critical')} />
                </span>
              </td>
              <ConnectionCell kind="broker" deployment={deployment} target={deployment.broker && hostOf(deployment.broker.url)} />
              <ConnectionCell
                kind="management"
                deployment={deployment}
                target={deployment.broker?.managementUrl && hostOf(deployment.broker.managementUrl)}
              />
              <ConnectionCell kind="zookeeper" deployment={deployment} target={deployment.zookeeper?.hosts} />
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
