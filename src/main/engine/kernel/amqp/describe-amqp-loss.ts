import { redactUrls } from '../deployments/connection-urls.ts';
import { describeNetworkError, errorCode, errorMessage } from '../connections/network-error.ts';

// amqplib formats server close frames as `<code> (<CONSTANT-NAME>) with message "<reply text>"`;
// the reply text already starts with the constant ("PRECONDITION_FAILED - inequivalent arg …").
const CLOSE_FRAME = /\d+ \([A-Z-]+\) with message "([\s\S]*)"$/;

/** One sentence for why an open connection ended. `hostPort` is never a URL. */
export function describeConnectionLoss(error: Error | undefined, hostPort: string, heartbeatSeconds: number): string {
  if (!error) return `The connection to ${hostPort} closed.`;
  const message = errorMessage(error);
  const frame = /^Connection closed: /.test(message) ? CLOSE_FRAME.exec(message) : null;
  if (frame) return `The broker at ${hostPort} closed the connection: ${frame[1]}.`;
  if (message === 'Heartbeat timeout') {
    return `${hostPort} stopped answering heartbeats (none for over ${2 * heartbeatSeconds} s): the broker or the network is down.`;
  }
  if (message === 'Unexpected close') {
    return `${hostPort} closed the connection without a word (a broker restart, or a proxy or firewall dropping idle connections).`;
  }
  const code = errorCode(error);
  if (code === 'ECONNRESET' || code === 'EPIPE') return `${hostPort} reset the connection (${code}).`;
  return describeNetworkError(error, hostPort, heartbeatSeconds * 1000);
}

/**
 * One sentence for why a channel operation or a consumer's setup failed. amqplib says
 * "Operation failed: QueueDeclare; 406 (PRECONDITION-FAILED) with message …" for the RPC that
 * caused it and "Channel closed by server: …" when the channel died otherwise.
 */
export function describeChannelError(error: unknown): string {
  const message = redactUrls(errorMessage(error));
  const operation = /^Operation failed: (\w+); /.exec(message);
  const frame = CLOSE_FRAME.exec(message);
  if (operation && frame) return `The broker refused ${operation[1]}: ${frame[1]}.`;
  if (frame && /^Channel closed by server: /.test(message)) return `The broker closed the channel: ${frame[1]}.`;
  return message;
}

/** Joins a sentence and what happens next: "…password; retrying in 4 s." */
export function withNext(sentence: string, next: string): string {
  return `${sentence.replace(/[.\s]+$/, '')}; ${next}.`;
}
