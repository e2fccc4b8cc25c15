import { Link } from 'wouter';
import { EmptyState } from '../../components/EmptyState.tsx';

export function NotFound() {
  return (
    <EmptyState title="Nothing here" action={<Link href="/">Back to the overview</Link>}>
      This address does not name a page of Tach.
    </EmptyState>
  );
}
