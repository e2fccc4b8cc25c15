import { useState } from 'react';
import type { ReactNode } from 'react';
import { useApi } from '../../api/api-context.tsx';
import { RequestError } from '../../api/request-error.ts';
import { Button } from '../../components/Button.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { MissingLines } from './CommandOutcomeView.tsx';
import { INSPECT_COMMANDS } from './remote-commands.ts';
import type { InspectCommand } from './remote-commands.ts';
import type { CommandOutcome } from './use-command.ts';

type Method = InspectCommand['method'];

function InspectResult({ outcome, hostname }: { outcome: CommandOutcome; hostname: string }) {
  const { method } = outcome;
  let status: string;
  let body: ReactNode;
  if (outcome.status === 'running') {
    status = 'asking…';
    body = <Spinner label={`Waiting up to ${outcome.timeout} s for ${hostname}…`} />;
  } else if (outcome.status === 'error') {
    status = 'not sent';
    body = (
      <p className="outcome-line outcome-fail" role="alert" data-testid="command-error" data-code={outcome.error.code}>
        <span className="outcome-icon" aria-hidden="true">
          ✕
        </span>
        {outcome.error.message}
      </p>
    );
  } else {
    const { replies, missing, elapsedMs } = outcome.result;
    const hosts = Object.keys(replies);
    // Asked of one worker: show its answer itself rather than {host: answer}.
    const shown = hosts.length === 1 && hosts[0] === hostname ? replies[hostname] : replies;
    status = hosts.length > 0 ? `answered in ${elapsedMs} ms` : 'no answer';
    body = (
      <>
        {hosts.length > 0 && <pre className="json-block">{JSON.stringify(shown, null, 2)}</pre>}
        {missing.length > 0 && (
          <ul className="command-outcome">
            <MissingLines missing={missing} timeout={outcome.timeout} />
          </ul>
        )}
      </>
    );
  }
  return (
    <details className="inspect-result" open data-testid={`inspect-${method}`} data-status={outcome.status}>
      <summary>
        <strong className="mono">{method}</strong>
        <span className="muted">{status}</span>
      </summary>
      <div className="inspect-result-body">{body}</div>
    </details>
  );
}

/** Read-only questions to one worker (allowed on read-only deployments), each answer kept and collapsible. */
export function InspectPanel({ deploymentId, hostname }: { deploymentId: number; hostname: string }) {
  const api = useApi();
  const [results, setResults] = useState<Partial<Record<Method, CommandOutcome>>>({});
  // Most recent first: the answer just asked for is the one at the top.
  const [order, setOrder] = useState<Method[]>([]);

  const run = async ({ method, timeout }: InspectCommand) => {
    setOrder((current) => [method, ...current.filter((entry) => entry !== method)]);
    setResults((current) => ({ ...current, [method]: { status: 'running', method, timeout } }));
    const result = await api.invoke('celery.inspect', { deploymentId, method, destination: [hostname], timeout });
    const outcome: CommandOutcome = result.ok
      ? { status: 'done', method, timeout, result: result.value }
      : { status: 'error', method, timeout, error: new RequestError(result.error) };
    setResults((current) => ({ ...current, [method]: outcome }));
  };

  return (
    <section className="panel" aria-labelledby="inspect-heading" data-testid="inspect-panel">
      <header className="panel-header">
        <h2 id="inspect-heading">Inspect</h2>
        <span className="panel-note">Questions only: allowed on read-only deployments too.</span>
      </header>
      <div className="panel-body">
        <div className="button-row" role="group" aria-label="Inspect commands">
          {INSPECT_COMMANDS.map((command) => (
            <Button
              key={command.method}
              className="mono-button"
              title={command.summary}
              busy={results[command.method]?.status === 'running'}
              onClick={() => void run(command)}
            >
              {command.label}
            </Button>
          ))}
        </div>
        {order.length === 0 ? (
          <p className="muted">Ask the worker: each answer appears here as JSON, newest first.</p>
        ) : (
          <div className="inspect-results">
            {order.map((method) => {
              const outcome = results[method];
              return outcome ? <InspectResult key={method} outcome={outcome} hostname={hostname} /> : null;
            })}
          </div>
        )}
      </div>
    </section>
  );
}
