import { Link } from 'wouter';
import type { RequestError } from '../../api/request-error.ts';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';

/** A page whose record could not be loaded: gone (deleted, maybe by someone else) or a failure worth retrying. */
export function LoadError({ error, what, onRetry }: { error: RequestError; what: string; onRetry: () => void }) {
  if (error.code === 'not_found') {
    return (
      <EmptyState title={`This ${what} does not exist`} action={<Link href="/">Back to the overview</Link>}>
        It may have been deleted, from this window or another one.
      </EmptyState>
    );
  }
  return (
    <div className="page-error">
      <Alert title={`Could not load this ${what}`}>{error.message}</Alert>
      <Button onClick={onRetry}>Retry</Button>
    </div>
  );
}
