import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import amqp, { type ChannelModel, type SocketOptions } from 'amqplib';
import { errorMessage } from '../connections/network-error.ts';
import type { BrokerTarget } from '../deployments/connection-urls.ts';
import { settleWithin } from './settle.ts';

export interface OpenConnectionRequest {
  /** With the password; never logged. */
  url: string;
  where: BrokerTarget;
  tls: { caPath: string | null; verify: boolean };
  /** Shown by the broker (management UI, `rabbitmqctl list_connections`) as connection_name. */
  connectionName: string;
  heartbeatSeconds: number;
  timeoutMs: number;
  /** Aborting gives up the attempt at once, whatever phase it is in. */
  signal: AbortSignal;
}

export interface OpenedConnection {
  model: ChannelModel;
  /** Destroys the socket at once: the fallback when a graceful close gets no answer. */
  destroy(): void;
}

/**
 * Opens one AMQP connection, bounded by `timeoutMs` and abortable. amqplib has no cancel, but it
 * copies its socket options into net/tls.connect, and a socket given a `signal` is destroyed when
 * that signal aborts: during the TCP or TLS handshake, the AMQP handshake, or long after.
 */
export async function openConnection(request: OpenConnectionRequest): Promise<OpenedConnection> {
  const { where } = request;
  const ca = where.tls && request.tls.caPath ? await readCa(request.tls.caPath) : undefined;
  request.signal.throwIfAborted();
  const kill = new AbortController();
  const socketOptions: SocketOptions & { signal: AbortSignal } = {
    timeout: request.timeoutMs,
    clientProperties: { connection_name: request.connectionName },
    signal: kill.signal,
    // SNI takes host names only (RFC 6066); for an IP the certificate is checked against its IP SANs.
    ...(where.tls
      ? { ca: ca ? [ca] : undefined, rejectUnauthorized: request.tls.verify, servername: isIP(where.host) ? undefined : where.host }
      : {}),
  };
  const connecting = amqp.connect(withHeartbeat(request.url, request.heartbeatSeconds), socketOptions);
  // Losing the race below must neither leak an open connection nor leave a rejection unhandled.
  connecting.then(() => {}, () => {});
  const giveUp = () => kill.abort();
  request.signal.addEventListener('abort', giveUp, { once: true });
  let timer: NodeJS.Timeout | undefined;
  try {
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        kill.abort();
        reject(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }));
      }, request.timeoutMs);
    });
    const model = await Promise.race([connecting, deadline]);
    return { model, destroy: () => kill.abort() };
  } catch (error) {
    kill.abort();
    throw error;
  } finally {
    clearTimeout(timer);
    request.signal.removeEventListener('abort', giveUp);
  }
}

/** Closes cleanly; amqplib waits for close-ok for ever, so a broker that does not answer gets its socket cut. */
export async function closeGracefully(opened: OpenedConnection, closed: Promise<unknown>, graceMs: number): Promise<void> {
  let answered = false;
  const closing = opened.model.close().then(
    () => {
      answered = true;
    },
    () => {
      answered = true; // already closed
    },
  );
  await settleWithin(closing, graceMs);
  if (!answered) opened.destroy();
  await settleWithin(closed, graceMs);
}

/** "RabbitMQ 3.10.8", from what the broker said in connection.start. */
export function serverName(model: ChannelModel): string {
  const server = model.connection.serverProperties as Record<string, unknown>;
  const product = typeof server.product === 'string' ? server.product : 'AMQP broker';
  return typeof server.version === 'string' ? `${product} ${server.version}` : product;
}

/**
 * The broker proposes a heartbeat (RabbitMQ: 60 s) and the lower of the two wins; ours detects a
 * dead peer behind a silent firewall in about half a minute. A `heartbeat` the operator wrote into
 * the URL is their explicit choice and is kept.
 */
export function withHeartbeat(url: string, seconds: number): string {
  const parsed = new URL(url);
  if (parsed.searchParams.has('heartbeat')) return url;
  parsed.searchParams.set('heartbeat', String(seconds));
  return parsed.toString();
}

/** Raised before any connecting: its message is already the sentence to show. */
export class CaFileError extends Error {
  override name = 'CaFileError';
}

async function readCa(caPath: string): Promise<Buffer> {
  try {
    return await readFile(caPath);
  } catch (error) {
    throw new CaFileError(`Cannot read the CA file ${caPath}: ${errorMessage(error)}.`, { cause: error });
  }
}
