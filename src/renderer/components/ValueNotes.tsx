// Small notes on values the engine did not take as sent (celery/events/event-limits.ts,
// nova/decode-notification.ts): a sender clock it did not believe, a field it cut to size.

const bytes = (n: number): string => n.toLocaleString('en-US');

/**
 * "clock skewed: sent 3000-01-01…": the row's time is the console's receipt, not the sender's.
 * Compact (in a list row, whose cells are cut with an ellipsis): the sign alone, put first so it
 * is never the part cut off; the sentence is its title and accessible name.
 */
export function ClockSkewNote({ sent, compact }: { sent: string | null; compact?: boolean }) {
  if (sent === null) return null;
  const title = `Clock skewed: sent ${sent}, more than 30 days before or an hour after this console received it. Shown at its receipt time instead; check the sender's clock.`;
  if (compact) {
    return (
      <span className="badge badge-warn badge-compact" data-testid="clock-skew-note" title={title} role="img" aria-label={`clock skewed: sent ${sent}`}>
        ⚠
      </span>
    );
  }
  return (
    <span className="badge badge-warn badge-wrap" data-testid="clock-skew-note" title={title}>
      <span aria-hidden="true">⚠ </span>
      clock skewed: sent {sent}
    </span>
  );
}

/** "truncated from 10,485,760 bytes": what is shown is the first 64 KiB. */
export function TruncatedNote({ size }: { size: number | undefined }) {
  if (size === undefined) return null;
  return (
    <span className="badge badge-warn" data-testid="truncated-note" title="Tach keeps the first 64 KiB of a field; the rest was not stored.">
      truncated from {bytes(size)} bytes
    </span>
  );
}
