import type { RequestError } from '../../api/request-error.ts';
import { Button } from '../../components/Button.tsx';
import { Spinner } from '../../components/Spinner.tsx';

/** Before the first answers: a spinner, or why the server could not be reached and a way to try again. */
export function StartupScreen({ error, retrying, onRetry }: { error: RequestError | null; retrying: boolean; onRetry: () => void }) {
  if (!error) {
    return (
      <div className="startup">
        <Spinner label="Connecting to Tach…" />
      </div>
    );
  }
  const unreachable = error.code === 'unavailable';
  const title = unreachable ? 'Cannot reach the Tach server' : error.code === 'unauthorized' ? 'This Tach needs its access token' : 'Tach could not start';
  return (
    <div className="startup">
      <div className="startup-card" role="alert">
        <h1>{title}</h1>
        <p>{error.message}</p>
        {unreachable && <p className="muted">Check that the server is running and this address is right, then retry.</p>}
        {error.code === 'unauthorized' && (
          <p className="muted">
            Open this console as <code>/?token=&lt;token&gt;</code>, with the token its operator started it with.
          </p>
        )}
        <Button variant="primary" busy={retrying} onClick={onRetry}>
          Retry
        </Button>
      </div>
    </div>
  );
}
