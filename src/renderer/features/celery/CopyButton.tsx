import { useEffect, useState } from 'react';

// Drawn rather than a glyph: no font on every desktop has one for "copy".
function CopyIcon() {
  return (
    <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" focusable="false">
      <rect x="3.5" y="3.5" width="7" height="7" rx="1" fill="none" stroke="currentColor" />
      <path d="M8.5 2.5V2a.5.5 0 0 0-.5-.5H2a.5.5 0 0 0-.5.5v6a.5.5 0 0 0 .5.5h.5" fill="none" stroke="currentColor" />
    </svg>
  );
}

/** Copies `value` (a task id, a host name) and says so for a moment; clicks do not reach the row. */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 1_500);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <button
      type="button"
      className="icon-button copy-button"
      aria-label={label}
      title={state === 'copied' ? 'Copied' : state === 'failed' ? 'Could not copy' : label}
      data-copied={state === 'copied' || undefined}
      onClick={(event) => {
        event.stopPropagation();
        // No clipboard API outside a secure context (the console served over plain http to another host).
        const clipboard = navigator.clipboard as Clipboard | undefined;
        if (!clipboard) {
          setState('failed');
          return;
        }
        clipboard.writeText(value).then(
          () => setState('copied'),
          () => setState('failed'),
        );
      }}
    >
      {state === 'copied' ? '✓' : state === 'failed' ? '✕' : <CopyIcon />}
    </button>
  );
}
