import { describeAmqpError, brokerHostPort } from '../amqp/describe-amqp-error.ts';
import { CaFileError, openConnection, serverName } from '../amqp/open-connection.ts';
import { brokerTarget } from '../deployments/connection-urls.ts';

export interface BrokerCheckTarget {
  /** The AMQP URL with the password in it. Never logged. */
  url: string;
  tls: { caPath: string | null; verify: boolean };
}

/**
 * Connects the way the deployment's consumers will (same TLS handling, same error sentences),
 * reads the broker's product and version from connection.start, and closes.
 */
export async function checkBroker(target: BrokerCheckTarget, timeoutMs: number): Promise<string> {
  const where = brokerTarget(target.url);
  let opened;
  try {
    opened = await openConnection({
      url: target.url,
      where,
      tls: target.tls,
      connectionName: 'Tach connection test',
      heartbeatSeconds: 0, // a connection for a second needs no heartbeat
      timeoutMs,
      signal: new AbortController().signal,
    });
  } catch (error) {
    if (error instanceof CaFileError) throw error;
    throw new Error(describeAmqpError(error, where, timeoutMs), { cause: error });
  }
  try {
    const server = opened.model.connection.serverProperties as Record<string, unknown>;
    const cluster = typeof server.cluster_name === 'string' ? `, cluster ${server.cluster_name}` : '';
    return `${serverName(opened.model)} at ${brokerHostPort(where)}, vhost ${where.vhost}, user ${where.user}${cluster}.`;
  } finally {
    await opened.model.close().catch(() => opened.destroy());
  }
}
