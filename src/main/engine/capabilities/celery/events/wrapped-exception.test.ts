import { describe, expect, it } from 'vitest';
import { unwrapPoolException } from './wrapped-exception.ts';

const traceback = `Traceback (most recent call last):
  File "/usr/lib/python3/dist-packages/celery/app/trace.py", line 451, in trace_task
    R = retval = fun(*args, **kwargs)
  File "/tmp/tachapp.py", line 20, in fail
    raise ValueError('boom on purpose')
ValueError: boom on purpose
`;

describe('unwrapPoolException', () => {
  it("names the real exception when Celery sent billiard's empty wrapper", () => {
    expect(unwrapPoolException('ExceptionWithTraceback()', traceback)).toBe('ValueError: boom on purpose');
  });

  it('leaves a real exception repr alone', () => {
    expect(unwrapPoolException("ValueError('boom on purpose')", traceback)).toBe("ValueError('boom on purpose')");
  });

  it('keeps the wrapper when there is no traceback line to take instead', () => {
    expect(unwrapPoolException('ExceptionWithTraceback()', null)).toBe('ExceptionWithTraceback()');
    expect(unwrapPoolException('ExceptionWithTraceback()', '  File "x", line 1\n"""')).toBe('ExceptionWithTraceback()');
  });

  it('takes a dotted exception type and one without a message', () => {
    expect(unwrapPoolException('ExceptionWithTraceback()', `${traceback}\nproj.errors.PaymentDeclined: card 4242\n`)).toBe('proj.errors.PaymentDeclined: card 4242');
    expect(unwrapPoolException('ExceptionWithTraceback()', 'Traceback (most recent call last):\n  File "x"\nKeyboardInterrupt\n')).toBe('KeyboardInterrupt');
  });
});
