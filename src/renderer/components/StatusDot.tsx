export type Status = 'ok' | 'fail' | 'untested';

const LABELS: Record<Status, string> = { ok: 'All checks OK', fail: 'A check failed', untested: 'Not tested' };

/** Colour plus a shape (ring for untested) and a label, so status never depends on colour alone. */
export function StatusDot({ status, label = LABELS[status] }: { status: Status; label?: string }) {
  return <span className={`dot dot-${status}`} role="img" aria-label={label} title={label} data-status={status} />;
}
