import type { CommandOutcome } from './use-command.ts';
import { NO_REPLY } from './remote-commands.ts';
import type { ControlMethod } from './remote-commands.ts';
import { Spinner } from '../../components/Spinner.tsx';

const describe = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** A control reply is {ok: "..."} or {error: "..."}; anything else is shown as it came. */
function ControlReply({ host, reply }: { host: string; reply: unknown }) {
  const object = typeof reply === 'object' && reply !== null ? (reply as Record<string, unknown>) : {};
  const failed = 'error' in object;
  const text = failed ? describe(object.error) : 'ok' in object ? describe(object.ok) : describe(reply);
  return (
    <li className={failed ? 'outcome-line outcome-fail' : 'outcome-line outcome-ok'} data-testid="control-reply" data-host={host} data-ok={String(!failed)}>
      <span className="outcome-icon" aria-hidden="true">
        {failed ? '✕' : '✓'}
      </span>
      <span className="mono">{host}</span>
      <span>{text}</span>
    </li>
  );
}

export function MissingLines({ missing, timeout }: { missing: string[]; timeout: number }) {
  return (
    <>
      {missing.map((host) => (
        <li key={host} className="outcome-line outcome-missing" data-testid="missing-reply" data-host={host}>
          <span className="outcome-icon" aria-hidden="true">
            ⌛
          </span>
          <span>
            <span className="mono">{host}</span> did not answer within {timeout} s
          </span>
        </li>
      ))}
    </>
  );
}

/** What a control command did: a line per worker that answered, and one per worker that did not. */
export function ControlOutcomeView({ outcome }: { outcome: CommandOutcome | null }) {
  if (outcome === null) return null;
  if (outcome.status === 'running') {
    return (
      <div className="command-outcome">
        <Spinner label={`Sending ${outcome.method}…`} />
      </div>
    );
  }
  if (outcome.status === 'error') {
    return (
      <ul className="command-outcome" aria-label={`${outcome.method} result`}>
        <li className="outcome-line outcome-fail" role="alert" data-testid="command-error" data-code={outcome.error.code}>
          <span className="outcome-icon" aria-hidden="true">
            ✕
          </span>
          <span>
            <strong>{outcome.method}</strong> was not sent: {outcome.error.message}
          </span>
        </li>
      </ul>
    );
  }
  const { replies, missing } = outcome.result;
  if (NO_REPLY.has(outcome.method as ControlMethod)) {
    return (
      <ul className="command-outcome" aria-label={`${outcome.method} result`}>
        <li className="outcome-line outcome-ok" data-testid="control-sent">
          <span className="outcome-icon" aria-hidden="true">
            ✓
          </span>
          <span>
            <strong>{outcome.method}</strong> sent. Workers never answer it: watch the worker go offline.
          </span>
        </li>
      </ul>
    );
  }
  return (
    <ul className="command-outcome" aria-label={`${outcome.method} result`}>
      {Object.entries(replies).map(([host, reply]) => (
        <ControlReply key={host} host={host} reply={reply} />
      ))}
      <MissingLines missing={missing} timeout={outcome.timeout} />
      {Object.keys(replies).length === 0 && missing.length === 0 && (
        <li className="outcome-line outcome-missing">
          <span className="outcome-icon" aria-hidden="true">
            ⌛
          </span>
          <span>No worker answered {outcome.method}.</span>
        </li>
      )}
    </ul>
  );
}
