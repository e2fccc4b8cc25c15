import type { ConnectionCheck, ConnectionKind } from '../../../shared/domain/types.ts';
import { TimeAgo } from '../../components/TimeAgo.tsx';

interface CheckStatusProps {
  kind: ConnectionKind;
  check: ConnectionCheck | undefined;
  testing?: boolean;
  /** What follows the word: the check's age (tables), its latency (a test just run), or both (cards). */
  show?: 'age' | 'elapsed' | 'both';
}

/** The last check of one connection: icon and word (never colour alone), age, and latency or cause. */
export function CheckStatus({ kind, check, testing = false, show = 'both' }: CheckStatusProps) {
  if (testing) {
    return (
      <span className="check check-testing" data-testid={`check-${kind}`} data-state="testing" role="status">
        <span className="spinner" aria-hidden="true" />
        Testing…
      </span>
    );
  }
  if (!check) {
    return (
      <span className="check check-untested" data-testid={`check-${kind}`} data-state="untested">
        <span className="check-icon" aria-hidden="true">–</span>
        Not tested
      </span>
    );
  }
  const state = check.ok ? 'ok' : 'fail';
  return (
    <span
      className={`check check-${state}`}
      data-testid={`check-${kind}`}
      data-state={state}
      data-ok={String(check.ok)}
      title={show === 'both' ? undefined : check.detail}
    >
      <span className="check-icon" aria-hidden="true">{check.ok ? '✓' : '✕'}</span>
      <span className="check-word">{check.ok ? 'OK' : 'Failed'}</span>
      {show !== 'elapsed' && (
        <span className="check-age">
          <TimeAgo iso={check.checkedAt} />
        </span>
      )}
      {show !== 'age' && <span className={show === 'both' ? 'check-elapsed check-elapsed-after' : 'check-elapsed'}>{check.elapsedMs} ms</span>}
    </span>
  );
}
