// What Celery's remote control ("pidbox", kombu/pidbox.py) puts on the wire, as pure functions.
// Names and shapes follow kombu 5.2 (Debian's Celery 5.2.6) and the captures in
// shared/captures/pidbox.jsonl.

/** Celery's `control_exchange` setting; every name below derives from it. */
export const DEFAULT_NAMESPACE = 'celery';

/** Fanout exchange every worker's `<hostname>.<namespace>.pidbox` queue is bound to. */
export const requestExchange = (namespace: string): string => `${namespace}.pidbox`;
/** Direct exchange workers publish replies to, with the caller's oid as routing key. */
export const replyExchange = (namespace: string): string => `reply.${namespace}.pidbox`;
/** kombu names a caller's reply queue `<oid>.<reply exchange>`. */
export const replyQueueName = (oid: string, namespace: string): string => `${oid}.${replyExchange(namespace)}`;

export type Matcher = 'glob' | 'pcre';

export interface PidboxRequest {
  method: string;
  arguments: Record<string, unknown>;
  destination: string[] | null;
  pattern: string | null;
  matcher: Matcher | null;
  /** Present only when replies are wanted; kombu omits both for a cast. */
  ticket?: string;
  reply_to?: { exchange: string; routing_key: string };
}

export interface PidboxRequestHeaders {
  /** Our Lamport clock; workers adjust theirs to it. */
  clock: number;
  /** Epoch seconds (float) after which the call is abandoned. Informational: workers do not check it. */
  expires: number;
}

export interface EncodedRequest {
  body: Buffer;
  headers: PidboxRequestHeaders;
}

export function encodeRequest(request: PidboxRequest, clock: number, expiresEpochSeconds: number): EncodedRequest {
  return { body: Buffer.from(JSON.stringify(request), 'utf8'), headers: { clock, expires: expiresEpochSeconds } };
}

export interface DecodedReply {
  ticket: string;
  clock: number;
  /** hostname -> that worker's answer. One worker sends one key; kept general as kombu is. */
  replies: Record<string, unknown>;
}

export interface ReplyMessage {
  content: Buffer;
  properties: { contentType?: string | undefined; headers?: Record<string, unknown> | undefined };
}

/**
 * A reply, or a reason it is not one we can use. Workers serialize replies with the
 * mailbox serializer (task_serializer, json by default); anything else is refused.
 */
export function decodeReply(message: ReplyMessage): DecodedReply | { rejected: string } {
  const { contentType, headers } = message.properties;
  if (contentType !== undefined && contentType !== 'application/json') {
    return { rejected: `content type ${contentType} (only application/json is understood)` };
  }
  const ticket = headers?.ticket;
  if (typeof ticket !== 'string') return { rejected: 'no ticket header' };
  let body: unknown;
  try {
    body = JSON.parse(message.content.toString('utf8'));
  } catch {
    return { rejected: 'body is not JSON' };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { rejected: 'body is not a {hostname: reply} object' };
  }
  const clock = typeof headers?.clock === 'number' ? headers.clock : Number(headers?.clock ?? 0) || 0;
  return { ticket, clock, replies: body as Record<string, unknown> };
}
