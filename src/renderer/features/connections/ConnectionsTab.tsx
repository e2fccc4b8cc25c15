import type { ConnectionChecks, Deployment } from '../../../shared/domain/types.ts';
import { Alert } from '../../components/Alert.tsx';
import { connectionDetails } from './connection-details.ts';
import { CONNECTION_KINDS, configuredKinds, newerCheck } from './connection-kinds.ts';
import { ConnectionCard } from './ConnectionCard.tsx';

interface ConnectionsTabProps {
  deployment: Deployment;
  testing: boolean;
  /** The answer of the last "Test connections", shown until a newer check arrives. */
  tested: ConnectionChecks | undefined;
  testError: string | undefined;
}

export function ConnectionsTab({ deployment, testing, tested, testError }: ConnectionsTabProps) {
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
            check={newerCheck(tested?.[kind], deployment.checks[kind])}
            testing={testing && configured.includes(kind)}
          />
        ))}
      </div>
    </div>
  );
}
