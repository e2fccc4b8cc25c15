import type { BrokerTarget } from '../deployments/connection-urls.ts';
import { describeNetworkError, errorMessage } from '../connections/network-error.ts';

/** "host:port" as people and logs see a broker (never the URL, which carries the password). */
export function brokerHostPort(where: BrokerTarget): string {
  return `${where.host}:${where.port}`;
}

/**
 * One sentence for a failed attempt to open an AMQP connection. amqplib reports refusals from
 * the server as "Handshake terminated by server: 403 (ACCESS-REFUSED) …".
 */
export function describeAmqpError(error: unknown, where: BrokerTarget, timeoutMs: number): string {
  const hostPort = brokerHostPort(where);
  const message = errorMessage(error);
  // Reply codes are matched as amqplib writes them (": 403 (ACCESS-REFUSED)"): a bare 403 or 530
  // also matches a port in a network error's text (127.0.0.1:40321), and told a TLS failure it
  // was a wrong password.
  if (/ACCESS.REFUSED|: 403 \(/.test(message)) {
    if (/only connect via localhost/i.test(message)) {
      return `Authentication failed: RabbitMQ lets user "${where.user}" connect only from localhost. Create another user for remote access.`;
    }
    return `Authentication failed for user "${where.user}" at ${hostPort}: wrong user name or password.`;
  }
  // RabbitMQ refuses connection.open (the vhost step) with connection.close 530, but amqplib
  // reports that as "Expected ConnectionOpenOk; got <ConnectionClose …>" without the reason.
  if (/NOT.ALLOWED|: 530 \(|Expected ConnectionOpenOk; got <ConnectionClose/.test(message)) {
    return `Virtual host "${where.vhost}" does not exist at ${hostPort}, or user "${where.user}" has no access to it.`;
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
