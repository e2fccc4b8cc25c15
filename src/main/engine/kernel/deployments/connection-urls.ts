import { SECRET_MASK } from '../../../../shared/domain/names.ts';

/** A URL split into what may be stored and shown (no password) and the password itself. */
export interface SplitUrl {
  url: string;
  password: string | undefined;
}

/**
 * Takes the password out of a URL. `new URL` handles amqp:, amqps:, http:, https:
 * alike (non-special schemes keep their userinfo), and keeps it percent-encoded.
 */
export function splitPassword(raw: string): SplitUrl {
  const url = new URL(raw);
  const password = url.password === '' ? undefined : safeDecode(url.password);
  url.password = '';
  return { url: stripTrailingSlashForHttp(url), password };
}

/** The URL to actually connect with. */
export function withPassword(stored: string, password: string | null | undefined): string {
  if (!password) return stored;
  const url = new URL(stored);
  url.password = encodeURIComponent(password);
  return url.toString();
}

/** The URL as shown to people and scripts: a stored password appears as the mask. */
export function maskedUrl(stored: string, hasPassword: boolean): string {
  if (!hasPassword) return stored;
  const url = new URL(stored);
  if (url.username === '') url.username = 'guest';
  url.password = SECRET_MASK;
  return stripTrailingSlashForHttp(url);
}

/** For logs and error messages: hides the password in every URL found in a text. */
export function redactUrls(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]*@/gi, `$1${SECRET_MASK}@`);
}

export interface BrokerTarget {
  host: string;
  port: number;
  vhost: string;
  user: string;
  tls: boolean;
}

/** Where an AMQP URL points, with amqplib's defaults (vhost "/" when the path is empty). */
export function brokerTarget(raw: string): BrokerTarget {
  const url = new URL(raw);
  const tls = url.protocol === 'amqps:';
  return {
    host: url.hostname,
    port: url.port === '' ? (tls ? 5671 : 5672) : Number(url.port),
    vhost: safeDecode(url.pathname.slice(1)) || '/',
    user: safeDecode(url.username) || 'guest',
    tls,
  };
}

/**
 * Percent-decodes URL parts, keeping text that is not valid percent-encoding as typed:
 * people paste passwords like "100%" straight into URLs.
 */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** "http://host:15672/" and "http://host:15672" are one endpoint; keep the short form. */
function stripTrailingSlashForHttp(url: URL): string {
  const text = url.toString();
  return /^https?:$/.test(url.protocol) && url.pathname === '/' && !url.search ? text.replace(/\/$/, '') : text;
}
