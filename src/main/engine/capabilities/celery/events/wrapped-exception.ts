/**
 * Celery 5.2 (celery/worker/request.py, on_failure) sends task-failed with
 * `safe_repr(exc_info.exception)` after unwrapping the exception only into a local: when the
 * failure comes back from a prefork child, what it sends is billiard's wrapper, whose repr is
 * the bare `ExceptionWithTraceback()` and names nothing. The traceback it sends alongside ends
 * with the real exception's line (`ValueError: boom`), so that line stands in for it: an operator
 * must see which exception failed the task, not the pool's envelope.
 */
const WRAPPER = /^(billiard\.einfo\.)?ExceptionWithTraceback\(\)$/;

export function unwrapPoolException<E extends string | null | undefined>(exception: E, traceback: string | null | undefined): E | string {
  if (typeof exception !== 'string' || typeof traceback !== 'string' || !WRAPPER.test(exception.trim())) return exception;
  const lines = traceback.split('\n').map((line) => line.trimEnd());
  // The exception line is the last one that is not indented (frames and source lines are), and
  // not the closing quotes billiard wraps a remote traceback in.
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const line = lines[i]!;
    if (line === '' || line === '"""' || /^\s/.test(line)) continue;
    return /^[A-Za-z_][\w.]*(:|$)/.test(line) ? line : exception;
  }
  return exception;
}
