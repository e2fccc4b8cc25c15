import { describe, expect, it, vi } from 'vitest';
import { describeNetworkError, errorCode, errorMessage, withDeadline } from './network-error.ts';

const coded = (code: string, message = `connect ${code} 10.0.0.1:5672`) => Object.assign(new Error(message), { code });

describe('describeNetworkError', () => {
  const where = 'rabbit:5672';

  it('says a refusal means nothing listens there', () => {
    const text = describeNetworkError(coded('ECONNREFUSED'), where, 5000);
    expect(text).toBe(
      'Connection refused by rabbit:5672: nothing is listening there (is the service running, and is the port right?).',
    );
  });

  it('says an unknown host does not resolve, without the port', () => {
    expect(describeNetworkError(coded('ENOTFOUND'), where, 5000)).toBe('Host not found: rabbit does not resolve.');
    expect(describeNetworkError(coded('EAI_AGAIN'), where, 5000)).toBe('Host not found: rabbit does not resolve.');
  });

  it('says a timeout got no answer within the limit, in seconds', () => {
    for (const error of [coded('ETIMEDOUT'), coded('UND_ERR_CONNECT_TIMEOUT'), new DOMException('aborted', 'TimeoutError')]) {
      expect(describeNetworkError(error, where, 2500)).toBe(
        'No answer from rabbit:5672 within 2.5 s (a firewall, a wrong host, or an overloaded server).',
      );
    }
  });

  it('says a reset closed the connection during the handshake', () => {
    expect(describeNetworkError(coded('ECONNRESET'), where, 5000)).toMatch(/^rabbit:5672 closed the connection during the handshake/);
  });

  it('says so too when fetch finds its socket cut (undici wraps it as UND_ERR_SOCKET)', () => {
    const cut = new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
    expect(describeNetworkError(cut, where, 5000)).toMatch(/^rabbit:5672 closed the connection during the handshake/);
  });

  it('says an unreachable network has no route', () => {
    expect(describeNetworkError(coded('EHOSTUNREACH'), where, 5000)).toMatch(/unreachable from this machine/);
  });

  it('explains a certificate problem with its code and what to check', () => {
    const text = describeNetworkError(coded('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'), where, 5000);
    expect(text).toContain('TLS failed with rabbit:5672');
    expect(text).toContain('unable to verify the first certificate');
    expect(text).toContain('(UNABLE_TO_VERIFY_LEAF_SIGNATURE)');
    expect(text).toContain('CA file');
    expect(describeNetworkError(coded('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'), where, 5000)).toMatch(
      /^TLS failed with rabbit:5672/,
    );
  });

  it('recognises TLS spoken to a plain port', () => {
    const error = new Error('1C0A0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number');
    expect(describeNetworkError(error, where, 5000)).toBe(
      'TLS failed with rabbit:5672: the server did not answer in TLS (amqps:// against a plain port?).',
    );
  });

  it('falls back to the message and code, with any URL password hidden', () => {
    const error = coded('EWEIRD', 'failed for amqp://celery:hunter2@rabbit/');
    const text = describeNetworkError(error, where, 5000);
    expect(text).toBe('rabbit:5672: failed for amqp://celery:****@rabbit/ (EWEIRD)');
    expect(describeNetworkError(new Error('odd'), where, 5000)).toBe('rabbit:5672: odd');
  });

  it('finds the code inside a wrapped error (as fetch throws)', () => {
    const wrapped = new TypeError('fetch failed', { cause: coded('ECONNREFUSED') });
    expect(describeNetworkError(wrapped, 'mgmt:15672', 5000)).toMatch(/^Connection refused by mgmt:15672/);
  });
});

describe('errorCode', () => {
  it('walks the cause chain to the first code', () => {
    const deep = new Error('outer', { cause: new Error('middle', { cause: coded('ENOTFOUND') }) });
    expect(errorCode(deep)).toBe('ENOTFOUND');
  });

  it('prefers the outermost code', () => {
    const error = Object.assign(new Error('outer', { cause: coded('ECONNREFUSED') }), { code: 'ECONNRESET' });
    expect(errorCode(error)).toBe('ECONNRESET');
  });

  it('maps timeout and abort errors to TimeoutError', () => {
    expect(errorCode(new DOMException('x', 'TimeoutError'))).toBe('TimeoutError');
    expect(errorCode(new Error('x', { cause: new DOMException('x', 'AbortError') }))).toBe('TimeoutError');
  });

  it('returns undefined without a code, for non-errors, and for a cyclic chain', () => {
    expect(errorCode(new Error('plain'))).toBeUndefined();
    expect(errorCode('text')).toBeUndefined();
    expect(errorCode(undefined)).toBeUndefined();
    const cyclic: { cause?: unknown } = {};
    cyclic.cause = cyclic;
    expect(errorCode(cyclic)).toBeUndefined();
  });

  it('ignores a non-string or empty code and keeps looking', () => {
    const error = Object.assign(new Error('x', { cause: coded('ETIMEDOUT') }), { code: 42 });
    expect(errorCode(error)).toBe('ETIMEDOUT');
    const empty = Object.assign(new Error('x', { cause: coded('EPIPE') }), { code: '' });
    expect(errorCode(empty)).toBe('EPIPE');
  });
});

describe('errorMessage', () => {
  it('reads errors, aggregate errors and anything else', () => {
    expect(errorMessage(new Error('boom'))).toBe('boom');
    expect(errorMessage(new AggregateError([new Error('first'), new Error('second')], 'all failed'))).toBe('first');
    expect(errorMessage(new RangeError(''))).toBe('RangeError');
    expect(errorMessage('just text')).toBe('just text');
    expect(errorMessage(42)).toBe('42');
  });
});

describe('withDeadline', () => {
  it('passes a value that comes in time', async () => {
    await expect(withDeadline(Promise.resolve('done'), 1000)).resolves.toBe('done');
  });

  it('rejects with an ETIMEDOUT-coded error when the work is late, and clears its timer', async () => {
    vi.useFakeTimers();
    try {
      const late = withDeadline(new Promise<string>(() => {}), 300);
      const assertion = expect(late).rejects.toMatchObject({ code: 'ETIMEDOUT' });
      await vi.advanceTimersByTimeAsync(300);
      await assertion;

      await withDeadline(Promise.resolve(1), 300);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
