import { Link } from 'wouter';
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

export function DeploymentsTable({ deployments }: { deployments: Deployment[] }) {
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
