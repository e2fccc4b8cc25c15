import { Link } from 'wouter';

/** "← Tasks" before a detail page's title: the way back to the list it came from. */
export function BackLink({ href, label }: { href: string; label: string }) {
  return (
    <nav className="detail-back" aria-label="Celery">
      <Link href={href}>
        <span aria-hidden="true">← </span>
        {label}
      </Link>
    </nav>
  );
}
