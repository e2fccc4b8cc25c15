import { isIPv4 } from 'node:net';

export interface HostHeader {
  /** Lower-cased; an IPv6 literal keeps its brackets, as in a URL. */
  hostname: string;
  /** The port the Host header names; 80 when it names none (http's default). */
  port: number;
}

// A bracketed IPv6 literal or a plain name (letters, digits, dot, dash, underscore), then an optional port.
const HOST = /^(\[[0-9a-f:.]+\]|[\w.-]+)(?::(\d{1,5}))?$/i;

/** Splits a Host header into name and port; undefined for anything that is not one. */
export function parseHostHeader(header: string | undefined): HostHeader | undefined {
  const match = HOST.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const port = match[2] === undefined ? 80 : Number(match[2]);
  if (port < 1 || port > 65535) return undefined;
  return { hostname: match[1].toLowerCase(), port };
}

/**
 * A name that reaches this machine whatever any DNS server says: `localhost`, `::1`, or an IPv4
 * literal in 127.0.0.0/8 written as a plain dotted quad. Anything else may be a name an attacker
 * controls and rebinds to 127.0.0.1 (`127.0.0.1.evil.example`), or a form browsers never send
 * (`127.1`, `0x7f.1`, octal) that only a crafted request would carry. `[::1]` in a Host header
 * and `::1` as a listen address are the same.
 */
export function isLoopbackName(name: string): boolean {
  const host = name.toLowerCase();
  if (host === 'localhost' || host === '::1' || host === '[::1]') return true;
  return isIPv4(host) && host.startsWith('127.');
}
