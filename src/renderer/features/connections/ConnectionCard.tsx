import type { ConnectionCheck, ConnectionKind } from '../../../shared/domain/types.ts';
import { formatTimestamp } from '../../components/format-age.ts';
import { CheckStatus } from './CheckStatus.tsx';
import type { DetailRow } from './connection-details.ts';
import { KIND_LABELS } from './connection-kinds.ts';

interface ConnectionCardProps {
  kind: ConnectionKind;
  details: DetailRow[] | null;
  check: ConnectionCheck | undefined;
  testing: boolean;
}

const NOT_CONFIGURED: Record<ConnectionKind, string> = {
  broker: 'No broker. Edit the deployment to add its AMQP URL.',
  management: 'No management API configured. Add its URL (usually http://host:15672) with Edit deployment.',
  zookeeper: 'No ZooKeeper configured. Add its hosts with Edit deployment.',
};

export function ConnectionCard({ kind, details, check, testing }: ConnectionCardProps) {
  return (
    <section className="card connection-card" aria-labelledby={`card-${kind}`} data-testid={`connection-${kind}`}>
      <header className="card-header">
        <h3 id={`card-${kind}`}>{KIND_LABELS[kind]}</h3>
        {details && <CheckStatus kind={kind} check={check} testing={testing} />}
      </header>
      {details ? (
        <>
          <dl className="details">
            {details.map((row) => (
              <div key={row.label} className={row.warning ? 'details-row details-warning' : 'details-row'}>
                <dt>{row.label}</dt>
                <dd className={row.mono ? 'mono' : undefined}>{row.value}</dd>
              </div>
            ))}
          </dl>
          {check && !testing && (
            <div className={check.ok ? 'check-detail' : 'check-detail check-detail-fail'}>
              <p>{check.detail}</p>
              <p className="muted">Checked at {formatTimestamp(check.checkedAt)}</p>
            </div>
          )}
        </>
      ) : (
        <p className="card-empty muted">{NOT_CONFIGURED[kind]}</p>
      )}
    </section>
  );
}
