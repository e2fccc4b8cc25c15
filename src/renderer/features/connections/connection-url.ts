import { SECRET_MASK } from '../../../shared/domain/names.ts';

const PARTS = /^([a-z][a-z0-9+.-]*):\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/?#]*)(\/[^?#]*)?/i;

export interface UrlParts {
  scheme: string;
  user: string;
  host: string;
  /** The AMQP virtual host, decoded; "/" when the URL names none. */
  vhost: string;
  /** ZooKeeper-style chroot or HTTP path, as written. */
  path: string;
}

/** Parsed by hand: amqp:// is not a scheme every URL parser treats as having a host. */
export function parseUrl(url: string): UrlParts | null {
  const match = PARTS.exec(url.trim());
  if (!match) return null;
  const [, scheme = '', user = '', , host = '', path = ''] = match;
  let vhost = path.slice(1);
  try {
    vhost = decodeURIComponent(vhost);
  } catch {
    // Keep it as written.
  }
  return { scheme: scheme.toLowerCase(), user, host, vhost: vhost === '' ? '/' : vhost, path };
}

export const hostOf = (url: string): string => parseUrl(url)?.host || url;

export const isTlsUrl = (url: string): boolean => /^amqps:\/\//i.test(url.trim());

/**
 * The form edits the AMQP URL without the masked password; the password has its own field,
 * where leaving it empty keeps the stored one.
 */
export function withoutMaskedPassword(url: string): string {
  const mask = SECRET_MASK.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const masked = new RegExp(`^([a-z][a-z0-9+.-]*://)([^:@/]*):${mask}@`, 'i');
  return url.replace(masked, (_whole, scheme: string, user: string) => (user ? `${scheme}${user}@` : scheme));
}
