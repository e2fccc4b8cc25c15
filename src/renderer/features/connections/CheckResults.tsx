import type { ConnectionChecks, ConnectionKind } from '../../../shared/domain/types.ts';
import { CheckStatus } from './CheckStatus.tsx';
import { KIND_LABELS } from './connection-kinds.ts';

interface CheckResultsProps {
  kinds: ConnectionKind[];
  checks: ConnectionChecks | undefined;
  testing: boolean;
}

/** Results of testing what is typed in a form, before it is saved. */
export function CheckResults({ kinds, checks, testing }: CheckResultsProps) {
  if (kinds.length === 0) return null;
  return (
    <ul className="check-results" aria-label="Test results" aria-live="polite">
      {kinds.map((kind) => {
        const check = checks?.[kind];
        return (
          <li key={kind}>
            <span className="check-results-kind">{KIND_LABELS[kind]}</span>
            <CheckStatus kind={kind} check={check} testing={testing} show="elapsed" />
            {check && !testing && <span className="check-results-detail">{check.detail}</span>}
          </li>
        );
      })}
    </ul>
  );
}
