import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import amqp, { type ChannelModel } from 'amqplib';
import { brokerTarget } from '../deployments/connection-urls.ts';
import { describeNetworkError, errorMessage, withDeadline } from './network-error.ts';

export interface BrokerCheckTarget {
  /** The AMQP URL with the password in it. Never logged. */
  url: string;
  tls: { caPath: string | null; verify: boolean };
}

/** Connects, reads the broker's product and version from connection.start, and closes. */
export async function checkBroker(target: BrokerCheckTarget, timeoutMs: number): Promise<string> {
  const where = brokerTarget(target.url);
  const hostPort = `${where.host}:${where.port}`;
  let ca: Buffer | undefined;
  if (where.tls && target.tls.caPath) {
    try {
      ca = await readFile(target.tls.caPath);
    } catch (error) {
      throw new Error(`Cannot read the CA file ${target.tls.caPath}: ${errorMessage(error)}`, { cause: error });
    }
  }
  let connection: ChannelModel | undefined;
  try {
    const connecting = amqp.connect(target.url, {
      timeout: timeoutMs,
      clientProperties: { connection_name: 'Tach connection test' },
      // SNI takes host names only (RFC 6066); for an IP the certificate is checked against its IP SANs.
      ...(where.tls
        ? { ca: ca ? [ca] : undefined, rejectUnauthorized: target.tls.verify, servername: isIP(where.host) ? undefined : where.host }
        : {}),
    });
    // A late success after the deadline must not leak an open connection.
    connecting.then((late) => { if (!connection) void late.close().catch(() => {}); }, () => {});
    connection = await withDeadline(connecting, timeoutMs);
    const server = connection.connection.serverProperties as Record<string, unknown>;
    const product = typeof server.product === 'string' ? server.product : 'AMQP broker';
    const version = typeof server.version === 'string' ? ` ${server.version}` : '';
    const cluster = typeof server.cluster_name === 'string' ? `, cluster ${server.cluster_name}` : '';
    return `${product}${version} at ${hostPort}, vhost ${where.vhost}, user ${where.user}${cluster}.`;
  } catch (error) {
    throw new Error(describeAmqpError(error, where.user, where.vhost, hostPort, timeoutMs), { cause: error });
  } finally {
    await connection?.close().catch(() => {});
  }
}

/** amqplib reports refusals from the server as "Handshake terminated by server: 403 (ACCESS-REFUSED) …". */
function describeAmqpError(error: unknown, user: string, vhost: string, hostPort: string, timeoutMs: number): string {
  const message = errorMessage(error);
  if (/ACCESS.REFUSED|403/.test(message)) {
    if (/only connect via localhost/i.test(message)) {
      return `Authentication failed: RabbitMQ lets user "${user}" connect only from localhost. Create another user for remote access.`;
    }
    return `Authentication failed for user "${user}" at ${hostPort}: wrong user name or password.`;
  }
  // RabbitMQ refuses connection.open (the vhost step) with connection.close 530, but amqplib
  // reports that as "Expected ConnectionOpenOk; got <ConnectionClose …>" without the reason.
  if (/NOT.ALLOWED|530|Expected ConnectionOpenOk; got <ConnectionClose/.test(message)) {
    return `Virtual host "${vhost}" does not exist at ${hostPort}, or user "${user}" has no access to it.`;
  }
  if (/Socket closed abruptly during opening handshake/i.test(message)) {
    return `${hostPort} closed the connection during the AMQP handshake: not an AMQP port, or the broker refused the login.`;
  }
  // Whatever answered is not speaking AMQP (its first bytes read as an absurd frame size):
  // typically an http server, such as the management API's port.
  if (/Frame size \d+ exceeds maxFrameSize|Expected frame end|Unknown frame type/i.test(message)) {
    return `Something other than an AMQP broker answered at ${hostPort} (the management API's http port?).`;
  }
  if (/Expected amqp: or amqps:/i.test(message)) return 'The broker URL must start with amqp:// or amqps://.';
  return describeNetworkError(error, hostPort, timeoutMs);
}
