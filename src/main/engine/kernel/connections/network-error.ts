import { redactUrls } from '../deployments/connection-urls.ts';

/**
 * Turns what Node, amqplib or fetch throw into one sentence an operator can act on.
 * `where` is "host:port" (never a URL with credentials).
 */
export function describeNetworkError(error: unknown, where: string, timeoutMs: number): string {
  const code = errorCode(error);
  const message = redactUrls(errorMessage(error));
  switch (code) {
    case 'ECONNREFUSED':
      return `Connection refused by ${where}: nothing is listening there (is the service running, and is the port right?).`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Host not found: ${where.replace(/:\d+$/, '')} does not resolve.`;
    case 'ETIMEDOUT':
    case 'ESOCKETTIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'TimeoutError':
    case 'ABORT_ERR':
      return `No answer from ${where} within ${timeoutMs / 1000} s (a firewall, a wrong host, or an overloaded server).`;
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET': // undici (fetch): the server cut the socket before answering
      return `${where} closed the connection during the handshake (is this the right port and protocol?).`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${where} is unreachable from this machine (no route to host).`;
    default:
      if (code && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/i.test(code)) {
        return `TLS failed with ${where}: ${message} (${code}). Check the CA file, or the "verify certificate" setting for a test broker.`;
      }
      if (/wrong version number|ssl3_get_record|packet length too long/i.test(message)) {
        return `TLS failed with ${where}: the server did not answer in TLS (amqps:// against a plain port?).`;
      }
      return `${where}: ${message}${code ? ` (${code})` : ''}`;
  }
}

/** The most specific code in an error or its cause chain (fetch wraps the socket error). */
export function errorCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const candidate = current as { code?: unknown; name?: unknown; cause?: unknown };
    if (typeof candidate.code === 'string' && candidate.code !== '') return candidate.code;
    if (candidate.name === 'TimeoutError' || candidate.name === 'AbortError') return 'TimeoutError';
    current = candidate.cause;
  }
  return undefined;
}

export function errorMessage(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return errorMessage(error.errors[0]);
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** Rejects after `ms` with a TimeoutError-coded error, so the caller never waits longer. */
export function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
