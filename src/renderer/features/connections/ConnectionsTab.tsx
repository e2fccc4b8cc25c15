import type { ConnectionChecks, Deployment } from '../../../shared/domain/types.ts';
import { Alert } from '../../components/Alert.tsx';
import { connectionDetails } from './connection-details.ts';
import { CONNECTION_KINDS, configuredKinds } from './connection-kinds.ts';
import { ConnectionCard } from './ConnectionCard.tsx';

interface ConnectionsTabProps {
  deployment: Deployment;
  testing: boolean;
  checks: ConnectionChecks;
  testError: string | undefined;
}

export function ConnectionsTab({ deployment, checks, testing, testError }: ConnectionsTabProps) {
  const configured = configuredKinds(deployment);
  return (
    <div className="connections-tab">
      {testError && <Alert title="The test did not run">{testError}</Alert>}
      <div className="card-grid">
        {CONNECTION_KINDS.map((kind) => (
          <ConnectionCard
            key={kind}
            kind={kind}
            details={connectionDetails(kind, deployment)}
            check={checks[kind]}
            testing={testing && configured.includes(kind)}
          />
        ))}
      </div>
    </div>
  );
}
